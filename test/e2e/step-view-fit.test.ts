import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { chromium, needs } from "../fixtures/requirements.js";
import { editorForFile, openCliRun, openFromDialog } from "./editor-harness.js";

const editor = editorForFile();
const inspector = (page: Page) => page.getByRole("region", { name: "Step inspector" });
const SIZES = [[1440, 900], [1280, 720]] as const;

/** How far `locator` reaches past the window's bottom or right edge, in px (0: wholly in sight). */
async function pastTheWindow(page: Page, locator: Locator): Promise<number> {
  const box = (await locator.boundingBox())!;
  const { width, height } = page.viewportSize()!;
  return Math.max(0, Math.round(box.y + box.height - height), Math.round(box.x + box.width - width));
}

async function atSize(page: Page, width: number, height: number): Promise<void> {
  await page.setViewportSize({ width, height });
  await page.evaluate("new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))");
}

describe("the step view in the run panel at 1440×900 and 1280×720", needs(chromium()), () => {
  it("shows the grid, the whole candidate table and the outcome line without scrolling; an empty Problems column keeps only its header", async () => {
    const { page } = editor;
    await openFromDialog(page, "examples/gridworld-vgps.foresight.json");
    await openCliRun(editor, "gridworld-vgps", 2);
    await page.getByRole("slider", { name: "Step" }).fill("2");
    const step = inspector(page);
    const scene = step.getByRole("img", { name: /^Environment: agent at row/ });
    const outcome = step.getByTestId("step-outcome");
    const table = step.locator(".table-scroll");
    for (const [width, height] of SIZES) {
      await atSize(page, width, height);
      await page.screenshot({ path: `test/e2e/screenshots/step-view-fit-${width}x${height}.png` });
      expect(await page.getByRole("region", { name: "Problems" }).textContent()).toContain("No problems.");
      expect((await page.locator(".bottom-left").boundingBox())!.width).toBeLessThan(160);
      for (const part of [scene, outcome, table]) expect(await pastTheWindow(page, part)).toBe(0);
      expect(await outcome.textContent()).toMatch(/argmax of q/);
      // The table's last row is reached by scrolling the table itself, in sight.
      expect(await table.evaluate((box) => ((scroller) => scroller.scrollHeight > scroller.clientHeight)(box as unknown as { scrollHeight: number; clientHeight: number }))).toBe(true);
    }
    await atSize(page, 1440, 900);
  }, 60_000);

  it("shows each side's return and outcome of a fork beside its picture, in sight", async () => {
    const { page } = editor;
    await page.getByRole("button", { name: "Fork from this step" }).click();
    const panel = page.getByRole("region", { name: "Fork comparison" });
    await expect.poll(() => panel.getByTestId("fork-outcome").textContent(), { timeout: 20_000 }).toMatch(/return -?\d+\.\d{3}/);
    for (const [width, height] of SIZES) {
      await atSize(page, width, height);
      await page.screenshot({ path: `test/e2e/screenshots/fork-fit-${width}x${height}.png` });
      for (const id of ["original-outcome", "fork-outcome"]) expect(await pastTheWindow(page, panel.getByTestId(id))).toBe(0);
    }
    await atSize(page, 1440, 900);
    await page.getByRole("tab", { name: "Step" }).click();
  }, 60_000);
});
