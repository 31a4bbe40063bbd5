import { describe, expect, it } from "vitest";
import { chromium, needs } from "../fixtures/requirements.js";
import { editorForFile, mod, replaceScriptCode as replaceCode } from "./editor-harness.js";

const editor = editorForFile();

const typeErrors = () => editor.page.getByRole("status", { name: "Type errors" }).textContent();
const squiggles = () => editor.page.locator(".script-code .squiggly-error").count();

describe("a Script node's code in Monaco", needs(chromium()), () => {
  it("type-checks the code against the node's ports, inline, and edits go through the document", async () => {
    const { page } = editor;
    await page.getByRole("button", { name: "Open", exact: true }).click();
    await page.getByRole("dialog").getByRole("button", { name: "examples/gridworld-script.foresight.json" }).click();
    await page.getByTestId("node:safe-q").click();
    await page.locator(".script-code .monaco-editor").waitFor();
    expect(await page.getByRole("textbox", { name: "Script code" }).count()).toBe(1);
    await expect.poll(typeErrors, { timeout: 20_000 }).toBe("No type errors");

    // `best` is not an output yet: an excess property.
    await replaceCode(page, 'function run(inputs: Inputs): Outputs {\n  return { candidates: inputs.candidates, best: "high" };\n}\n');
    await expect.poll(typeErrors, { timeout: 20_000 }).toMatch(/^1 type error.*best/);
    await expect.poll(() => page.title()).toContain("●");

    // Declaring the output (a number) changes the types: now the string is the error.
    const outputs = page.getByRole("group", { name: "outputs", exact: true });
    await outputs.getByRole("button", { name: "Add to outputs" }).click();
    await page.getByRole("group", { name: "outputs 2" }).getByLabel("name", { exact: true }).fill("best");
    await page.getByRole("group", { name: "outputs 2" }).getByLabel("type", { exact: true }).selectOption("number");
    await expect.poll(typeErrors, { timeout: 20_000 }).toMatch(/^1 type error.*string.*number/);
    await expect.poll(squiggles).toBeGreaterThan(0);

    await replaceCode(page, "function run(inputs: Inputs): Outputs {\n  return { candidates: inputs.candidates, best: 1 };\n}\n");
    await expect.poll(typeErrors, { timeout: 20_000 }).toBe("No type errors");
    await expect.poll(squiggles).toBe(0);

    // Ctrl+Z in Monaco is the document's undo: the previous code (and its error) comes back.
    await page.getByRole("textbox", { name: "Script code" }).focus();
    await page.keyboard.press(`${mod}+z`);
    await expect.poll(() => page.locator(".script-code .view-lines").textContent()).toContain('"high"');
    // One step back only: the output's type is still number (a second undo would have reverted it).
    await expect.poll(typeErrors, { timeout: 20_000 }).toMatch(/^1 type error.*string.*number/);
    await page.screenshot({ path: "test/e2e/screenshots/script-editor-undo-light.png" });
  }, 90_000);
});
