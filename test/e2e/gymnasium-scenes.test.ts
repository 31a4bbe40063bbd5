import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { chromium, GYM_PYTHON, gymnasium, needs } from "../fixtures/requirements.js";
import { editorForFile, openCliRun, screenshotAtBothSizes } from "./editor-harness.js";

const editor = editorForFile();

/** A Gymnasium environment by id, driven by 3 uniform draws a step, traced at `steps`. */
function uniformPipeline(name: string, id: string): object {
  return {
    format: "foresight/pipeline",
    version: 2,
    name,
    run: { episodes: 1, seed: 3, maxSteps: 8, onNodeError: "endRun", trace: "steps" },
    nodes: [
      { id: "env", kind: "environment", params: { name: "gymnasium", id, python: GYM_PYTHON } },
      { id: "policy", kind: "policy", params: { variant: "uniform" } },
      { id: "sampler", kind: "sampler", params: { n: 3 } },
      { id: "executor", kind: "executor", params: { select: "argmax", score: "logp" } },
    ],
    edges: [
      { from: "env.environment", to: "policy.environment" },
      { from: "policy.distribution", to: "sampler.distribution" },
      { from: "sampler.candidates", to: "executor.candidates" },
      { from: "env.environment", to: "executor.environment" },
    ],
  };
}

describe("Gymnasium's classic control worlds in the step view, drawn from the scene foresight_env sends", needs(chromium()), () => {
  it.each([
    ["mountaincar", "MountainCar-v0", /chosen (push left|no push|push right)$/],
    ["mountaincar-continuous", "MountainCarContinuous-v0", /chosen force -?\d\.\d\d$/],
  ])("draws %s: the hill, the goal's flag, the car and a mark per candidate push", { ...needs(gymnasium()), timeout: 90_000 }, async (name, id, chosen) => {
    const { page, root } = editor;
    writeFileSync(join(root, "examples", `${name}.foresight.json`), JSON.stringify(uniformPipeline(name, id), null, 2));
    await openCliRun(editor, name, 1);

    const inspector = page.getByRole("region", { name: "Step inspector" });
    await page.getByRole("slider", { name: "Step" }).fill("2");
    const view = inspector.getByRole("img", { name: /^Environment: car at x = -?\d\.\d\d \(goal at 0\.\d\d\), moving [+-]\d\.\d{3}; 3 candidate pushes; / });
    await expect.poll(() => view.count(), { timeout: 10_000 }).toBe(1);
    expect(await view.getAttribute("aria-label")).toMatch(chosen);
    expect(await view.locator(".scene-push").count()).toBe(3);
    expect(await view.locator(".scene-push.chosen").count()).toBeGreaterThanOrEqual(1);
    if (name === "mountaincar") await screenshotAtBothSizes(page, "mountaincar-step", view);
  });
});
