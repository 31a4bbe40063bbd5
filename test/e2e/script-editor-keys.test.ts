import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { chromium, needs } from "../fixtures/requirements.js";
import { editorForFile, mod, openFromDialog } from "./editor-harness.js";

const editor = editorForFile();
const FILE = "examples/gridworld-script.foresight.json";

/** The code as Monaco shows it: its lines in the order they are drawn (not the DOM's), spaces drawn as no-break spaces. */
const shownCode = () =>
  editor.page.locator(".script-code .view-line").evaluateAll((lines) =>
    (lines as unknown as { style: { top: string }; textContent: string }[])
      .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
      .map((line) => line.textContent.replace(/\u00a0/g, " "))
      .join("\n"),
  );

describe("keys typed into a Script node's code", needs(chromium()), () => {
  // In Chromium Monaco types into a DIV through the EditContext API: neither a field nor contentEditable.
  it("go to the code, not to the canvas's one-key shortcuts; Ctrl+Z is the document's undo and Ctrl+S saves", async () => {
    const { page, root } = editor;
    await openFromDialog(page, FILE);
    await page.getByTestId("node:safe-q").click();
    await page.locator(".script-code .monaco-editor").waitFor();
    await page.locator(".script-code .view-lines").click();
    await page.keyboard.press(`${mod}+End`);
    await page.keyboard.press("Enter");
    // In a comment, so nothing auto-closes or suggests; "." is the fit-view key.
    await page.keyboard.type("// cCnN?.xy");
    await page.keyboard.press("Backspace");
    await page.keyboard.press("ArrowLeft");
    await page.keyboard.press("Delete");
    await expect.poll(shownCode).toMatch(/\/\/ cCnN\?\.$/);

    expect(await page.getByPlaceholder("Port or node").count()).toBe(0);
    expect(await page.getByRole("dialog", { name: "Keyboard shortcuts" }).count()).toBe(0);
    expect(await page.getByRole("note").count()).toBe(0);
    expect(await page.getByTestId("node:safe-q").getAttribute("class")).toContain("selected");
    await page.locator(".script-code .monaco-editor.focused").waitFor();

    // Ctrl+Z and Ctrl+Shift+Z are the document's undo and redo (quick typing is one step of it), and act on the code only.
    await page.keyboard.press(`${mod}+z`);
    await expect.poll(shownCode).not.toMatch(/\/\/ cCnN\?\.$/);
    await page.keyboard.press(`${mod}+Shift+z`);
    await expect.poll(shownCode).toMatch(/\/\/ cCnN\?\.$/);
    expect(await page.getByTestId("node:safe-q").count()).toBe(1);
    await page.keyboard.type("!");

    // Save, as in VS Code: the file on disk has what was typed, and focus stays in the code.
    await page.keyboard.press(`${mod}+s`);
    await expect.poll(() => page.title()).not.toContain("●");
    const saved = JSON.parse(readFileSync(join(root, FILE), "utf8")) as { nodes: { id: string; params: { code: string } }[] };
    expect(saved.nodes.find((node) => node.id === "safe-q")!.params.code).toMatch(/\/\/ cCnN\?\.!\n?$/);
    await page.locator(".script-code .monaco-editor.focused").waitFor();
    expect(await page.getByRole("note").count()).toBe(0);
  }, 90_000);
});
