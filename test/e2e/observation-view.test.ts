import { copyFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES } from "../fixtures/external-env/python.js";
import { uniformPolicyPipeline } from "../fixtures/pipelines.js";
import { chromium, GYM_PYTHON, gymnasium, needs } from "../fixtures/requirements.js";
import { editorForFile, openCliRun, screenshotAtBothSizes } from "./editor-harness.js";

const editor = editorForFile();

describe("an observation the editor has no scene view for, in the step view", needs(chromium()), () => {
  it("draws a Dict observation's image, folds its long vector with a way to expand it, and shows its small fields first", { ...needs(gymnasium()), timeout: 90_000 }, async () => {
    const { page, root } = editor;
    copyFileSync(join(FIXTURES, "image_env.py"), join(root, "examples", "image_env.py"));
    const pipeline = uniformPolicyPipeline("camera", { name: "process", command: [GYM_PYTHON, "image_env.py"] }, { maxSteps: 5, trace: "full" }, 2);
    writeFileSync(join(root, "examples", "camera.foresight.json"), JSON.stringify(pipeline, null, 2));
    await openCliRun(editor, "camera", 1);

    const inspector = page.getByRole("region", { name: "Step inspector" });
    await page.getByRole("slider", { name: "Step" }).fill("1");
    const environment = inspector.getByRole("group", { name: "Environment" });
    const image = environment.getByRole("img", { name: "img: image 64×64×3" });
    await expect.poll(() => image.count(), { timeout: 10_000 }).toBe(1);
    // The picture as sent: red on the left, black on the right.
    const pixels = (await image.evaluate((canvas) => {
      const context = (canvas as unknown as { getContext(kind: "2d"): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } }).getContext("2d");
      return [...Array.from(context.getImageData(0, 10, 1, 1).data), ...Array.from(context.getImageData(63, 10, 1, 1).data)];
    })) as number[];
    expect(pixels).toEqual([255, 0, 0, 255, 0, 0, 0, 255]);

    const names = await environment.locator("dt").allTextContents();
    expect(names).toEqual(["mode", "pos", "img", "lidar"]);
    const lidar = environment.locator("details");
    expect(await lidar.locator("summary").textContent()).toMatch(/^array 200 \(200 values, min 0\.5, max 9\.5\): 0\.5, 0\.54\d*, /);
    // Folded, the page holds a line for it, not 200 numbers; expanded, every one.
    expect((await environment.textContent())!.length).toBeLessThan(600);
    await lidar.locator("summary").click();
    expect(await lidar.locator("pre").textContent()).toContain("9.5]");
    await screenshotAtBothSizes(page, "observation-image", environment);
  });
});
