import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { uniformPolicyPipeline } from "../fixtures/pipelines.js";
import { chromium, GYM_PYTHON, gymnasium, needs } from "../fixtures/requirements.js";
import { editorForFile, openCliRun, screenshotAtBothSizes } from "./editor-harness.js";

const editor = editorForFile();

/**
 * The point mass's Gymnasium copy made with render_mode "rgb_array" (numpy draws it, no pygame), driven
 * by uniform random forces and traced at `full`: every step.end carries the environment's PNG.
 */
function framesPipeline(): object {
  const env = { name: "gymnasium", id: "foresight_env.point_mass:PointMass-v0", makeArgs: { render_mode: "rgb_array" }, python: GYM_PYTHON };
  return uniformPolicyPipeline("pointmass-frames", env, { maxSteps: 6, trace: "full" }, 4);
}

describe("a Gymnasium environment's rendered frames in the step view", needs(chromium()), () => {
  it("shows the frame the environment rendered at the chosen step, and another at the next step, beside the arena drawn from its scene", { ...needs(gymnasium()), timeout: 90_000 }, async () => {
    const { page, root } = editor;
    writeFileSync(join(root, "examples", "pointmass-frames.foresight.json"), JSON.stringify(framesPipeline(), null, 2));
    await openCliRun(editor, "pointmass-frames", 1);

    const inspector = page.getByRole("region", { name: "Step inspector" });
    await page.getByRole("slider", { name: "Step" }).fill("2");
    const frame = inspector.getByRole("img", { name: "Frame of episode 0, step 2" });
    await expect.poll(() => frame.count(), { timeout: 10_000 }).toBe(1);
    // A real picture: decoded by the browser at the size the environment drew it (200 × 200).
    await expect.poll(() => frame.evaluate((img: { complete: boolean; naturalWidth: number; naturalHeight: number }) => [img.complete, img.naturalWidth, img.naturalHeight])).toEqual([true, 200, 200]);
    const step2 = await frame.getAttribute("src");
    expect(step2).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);
    // The Gymnasium copy sends its arena with each reset: drawn by the built-in point mass's view too.
    expect(await inspector.getByRole("img", { name: /^Environment: mass at .*; 3 obstacles; 4 candidate forces/ }).count()).toBe(1);

    // Scrolled to, as a user would (the drawn arena follows it in the step view).
    await screenshotAtBothSizes(page, "step-frame", frame);

    // The mass moved, so the next step's frame is another picture.
    await page.getByRole("slider", { name: "Step" }).fill("3");
    const next = inspector.getByRole("img", { name: "Frame of episode 0, step 3" });
    await expect.poll(() => next.count()).toBe(1);
    expect(await next.getAttribute("src")).not.toBe(step2);
  });
});
