import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { chromium, needs } from "../fixtures/requirements.js";
import { editorForFile, mod, openFromDialog } from "./editor-harness.js";

const editor = editorForFile();

const SCRIPT = "examples/gridworld-script.foresight.json";

describe("a dialog is modal", needs(chromium()), () => {
  it("holds back the editor's shortcuts and Tab while open, and gives focus back to the control that opened it", async () => {
    const { page } = editor;
    await openFromDialog(page, SCRIPT);
    await page.getByLabel("episodes", { exact: true }).fill("3");
    await expect.poll(() => page.title()).toContain("●");
    const onDisk = readFileSync(join(editor.root, SCRIPT), "utf8");
    const nodes = await page.locator(".react-flow__node").count();

    await page.getByTestId("node:safe-q").click();
    const run = page.getByRole("button", { name: "Run", exact: true });
    await run.click();
    const trust = page.getByRole("dialog", { name: "Run the pipeline's scripts?" });
    await trust.waitFor();

    await page.keyboard.press(`${mod}+s`);
    await page.keyboard.press("Delete");
    await page.keyboard.press("?");
    await page.keyboard.press(`${mod}+o`);
    await page.evaluate("new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))");
    expect(readFileSync(join(editor.root, SCRIPT), "utf8")).toBe(onDisk);
    expect(await page.title()).toContain("●");
    expect(await page.locator(".react-flow__node").count()).toBe(nodes);
    expect(await page.getByRole("dialog").count()).toBe(1);

    // Tab goes round the dialog's controls, never into the editor behind it nor to the page's body on the way round.
    for (let press = 0; press < 8; press++) {
      await page.keyboard.press("Tab");
      expect(await page.evaluate("document.activeElement.closest('[role=dialog]') !== null")).toBe(true);
    }
    for (let press = 0; press < 8; press++) {
      await page.keyboard.press("Shift+Tab");
      expect(await page.evaluate("document.activeElement.closest('[role=dialog]') !== null")).toBe(true);
    }

    await page.keyboard.press("Escape");
    expect(await trust.count()).toBe(0);
    await expect.poll(() => page.evaluate("document.activeElement.textContent")).toBe("Run");

    // Closed, the shortcuts are back.
    await page.keyboard.press(`${mod}+s`);
    await expect.poll(() => page.title()).not.toContain("●");
  }, 60_000);
});
