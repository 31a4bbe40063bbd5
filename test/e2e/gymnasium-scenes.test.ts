import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { uniformPolicyPipeline } from "../fixtures/pipelines.js";
import { chromium, GYM_PYTHON, gymnasium, needs } from "../fixtures/requirements.js";
import { editorForFile, openCliRun, screenshotAtBothSizes } from "./editor-harness.js";

const editor = editorForFile();

describe("Gymnasium's classic control worlds in the step view, drawn from the scene foresight_env sends", needs(chromium()), () => {
  it.each([
    ["mountaincar", "MountainCar-v0", /chosen (push left|no push|push right)$/, /^[012] \((push left|no push|push right)\)$/],
    ["mountaincar-continuous", "MountainCarContinuous-v0", /chosen force -?\d\.\d\d$/, /^\[-?\d(\.\d+)?(e-\d+)?\]$/],
  ])("draws %s: the hill, the goal's flag, the car and a mark per candidate push", { ...needs(gymnasium()), timeout: 90_000 }, async (name, id, chosen, actionCell) => {
    const { page, root } = editor;
    writeFileSync(join(root, "examples", `${name}.foresight.json`), JSON.stringify(uniformPolicyPipeline(name, { name: "gymnasium", id, python: GYM_PYTHON }, { maxSteps: 8, trace: "steps" }, 3), null, 2));
    await openCliRun(editor, name, 1);

    const inspector = page.getByRole("region", { name: "Step inspector" });
    await page.getByRole("slider", { name: "Step" }).fill("2");
    const view = inspector.getByRole("img", { name: /^Environment: car at x = -?\d\.\d\d \(goal at 0\.\d\d\), moving [+-]\d\.\d{3}; 3 candidate pushes; / });
    await expect.poll(() => view.count(), { timeout: 10_000 }).toBe(1);
    expect(await view.getAttribute("aria-label")).toMatch(chosen);
    expect(await view.locator(".scene-push").count()).toBe(3);
    expect(await view.locator(".scene-push.chosen").count()).toBeGreaterThanOrEqual(1);
    // The candidates' actions by the names foresight_env sends with the spaces (a force by its value, shortened).
    const actions = await inspector.getByRole("table", { name: "Candidates" }).locator("tbody tr td:nth-child(2)").allTextContents();
    expect(actions).toHaveLength(3);
    for (const action of actions) expect(action.trim()).toMatch(actionCell);
    if (name === "mountaincar") await screenshotAtBothSizes(page, "mountaincar-step", view);
  });
});
