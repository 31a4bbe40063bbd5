import { describe, expect, it } from "vitest";
import { chromium, needs } from "../fixtures/requirements.js";
import { editorForFile, runFromDialog, screenshotAtBothSizes } from "./editor-harness.js";

const editor = editorForFile();

describe("the point mass in the step inspector", needs(chromium()), () => {
  it("draws the arena with the obstacles, the goal, the mass and an arrow per candidate force, the chosen one marked", async () => {
    const { page } = editor;
    await runFromDialog(page, "examples/pointmass-rawmpc.foresight.json", 1);

    const inspector = page.getByRole("region", { name: "Step inspector" });
    await page.getByRole("slider", { name: "Step" }).fill("4");
    const view = inspector.getByRole("img", { name: /^Environment: mass at \(-?\d\.\d\d, -?\d\.\d\d\); goal at \(-?\d\.\d\d, -?\d\.\d\d\); 3 obstacles; 32 candidate forces, \d+ filtered; chosen force \(-?\d\.\d\d, -?\d\.\d\d\)$/ });
    await expect.poll(() => view.count()).toBe(1);
    expect(await view.locator("circle.obstacle").count()).toBe(3);
    expect(await view.locator("line.force").count()).toBe(32);
    expect(await view.locator("line.force.chosen").count()).toBeGreaterThanOrEqual(1);

    await screenshotAtBothSizes(page, "pointmass-step", view);
    // Eight columns: the node timings make room (they wrap below) rather than the table hiding its last ones.
    for (const [width, height] of [[1440, 900], [1280, 720]] as const) {
      await page.setViewportSize({ width, height });
      const table = inspector.getByRole("table", { name: "Candidates" });
      // Runs in the page (this project's Node types have no DOM): how far the table's scroller scrolls sideways.
      const hidden = () => table.evaluate((element) => ((box) => box.scrollWidth - box.clientWidth)((element as unknown as { parentElement: { scrollWidth: number; clientWidth: number } }).parentElement));
      await expect.poll(hidden).toBe(0);
    }
    await page.setViewportSize({ width: 1440, height: 900 });
  }, 120_000);
});
