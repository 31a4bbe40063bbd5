import { copyFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { chromium, needs } from "../fixtures/requirements.js";
import { editorForFile, mod, newDocument, openCliRun } from "./editor-harness.js";

const editor = editorForFile();

describe("the editor's notices", needs(chromium()), () => {
  it("float over the canvas: the Problems pane stays where it is while a notice comes and goes, and one can be dismissed", async () => {
    const { page } = editor;
    for (const viewport of [{ width: 1440, height: 900 }, { width: 1280, height: 720 }]) {
      await page.setViewportSize(viewport);
      await newDocument(page);
      // Not blank (a run opened over a blank canvas brings its pipeline, and no problems): one node, so problems to list.
      await page.getByRole("button", { name: "Add Environment" }).click();
      const problems = page.getByRole("region", { name: "Problems" });
      await expect.poll(() => problems.textContent()).not.toContain("no Environment node");
      const first = problems.getByRole("listitem").first();
      await first.waitFor();
      const where = async () => JSON.stringify([await problems.getByRole("heading").boundingBox(), await first.boundingBox()]);
      const before = await where();
      // "Opened runs/…": the notice a user sees most.
      await openCliRun(editor, "gridworld-policy-only", 1);
      const notice = page.getByTestId("notice");
      expect(await where()).toBe(before);
      // Whole, inside the window, over no problem.
      const [shown, pane] = [(await notice.boundingBox())!, (await problems.boundingBox())!];
      expect(shown.y + shown.height).toBeLessThanOrEqual(pane.y);
      expect(shown.x + shown.width).toBeLessThanOrEqual(viewport.width);
      await page.getByRole("button", { name: "Dismiss notice" }).click();
      await expect.poll(() => notice.textContent()).toBe("");
      expect(await where()).toBe(before);
    }
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it("shows with the run panels folded", async () => {
    const { page } = editor;
    await newDocument(page);
    await page.keyboard.press(`${mod}+j`);
    await page.keyboard.press(`${mod}+g`);
    const notice = page.getByTestId("notice");
    await expect.poll(() => notice.textContent()).toBe("Select the nodes to group first");
    const shown = (await notice.boundingBox())!;
    expect(shown.height).toBeGreaterThan(0);
    expect(shown.y + shown.height).toBeLessThanOrEqual((await page.getByRole("contentinfo").boundingBox())!.y);
    await page.keyboard.press(`${mod}+j`);
  });

  it("keeps an error until it is dismissed, past the 8 s an information notice stays", async () => {
    const { page, root } = editor;
    // Playwright's clock, installed before the notice shows so that a timer the notice sets is one it can skip past.
    await page.clock.install();
    copyFileSync(join(root, "examples/gridworld-vgps.foresight.json"), join(root, "gone.foresight.json"));
    await page.getByRole("button", { name: "Open", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Open a pipeline" });
    const discard = page.getByRole("dialog").getByRole("button", { name: "Discard changes" });
    await discard.or(dialog).first().waitFor();
    if (await discard.isVisible()) await discard.click();
    await dialog.getByRole("button", { name: "gone.foresight.json", exact: true }).waitFor();
    rmSync(join(root, "gone.foresight.json"));
    await dialog.getByRole("button", { name: "gone.foresight.json", exact: true }).click();
    const notice = page.getByTestId("notice");
    await expect.poll(() => notice.textContent()).toMatch(/^Could not open gone\.foresight\.json: /);
    // Past the 8 s an information notice stays.
    await page.clock.fastForward(9000);
    expect(await notice.textContent()).toMatch(/^Could not open gone\.foresight\.json: /);
    await page.getByRole("button", { name: "Dismiss notice" }).click();
    await expect.poll(() => notice.textContent()).toBe("");
  }, 30_000);
});

