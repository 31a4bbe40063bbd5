import { describe, expect, it } from "vitest";
import { chromium, needs } from "../fixtures/requirements.js";
import { editorForFile, openFromDialog, replaceScriptCode as replaceCode, screenshotAtBothSizes } from "./editor-harness.js";

const editor = editorForFile();

const typeErrors = () => editor.page.getByRole("status", { name: "Type errors" }).textContent();
const squiggles = () => editor.page.locator(".script-code .squiggly-error").count();

/** A script that prints, and reads `clock` (a use of Date, or of a name of its own). */
const printing = (clock: string, local = "") =>
  `// Date in a comment is no use of it.\nfunction run(inputs: Inputs): Outputs {\n  ${local}console.log("rows", inputs.candidates.actions.length);\n  console.warn(${clock});\n  return { candidates: inputs.candidates };\n}\n`;

describe("a Script node's editor knows what its sandbox has", needs(chromium()), () => {
  it("marks a use of Date with why it is absent, and takes console as it is", async () => {
    const { page } = editor;
    await openFromDialog(page, "examples/gridworld-script.foresight.json");
    await page.getByTestId("node:safe-q").click();
    await page.locator(".script-code .monaco-editor").waitFor();
    await expect.poll(typeErrors, { timeout: 20_000 }).toBe("No type errors");

    await replaceCode(page, printing("Date.now()"));
    await expect.poll(typeErrors, { timeout: 20_000 }).toMatch(/^1 type errorline 4: Date is not available in a Script node: the sandbox has no clock/);
    await expect.poll(squiggles).toBe(1);
    await screenshotAtBothSizes(page, "script-editor-absent-date", page.locator(".script-code"));

    // A name of the script's own, spelled so, is not the global.
    await replaceCode(page, printing("Date.now()", "const Date = { now: () => 0 };\n  "));
    await expect.poll(typeErrors, { timeout: 20_000 }).toBe("No type errors");
    await expect.poll(squiggles).toBe(0);
  }, 90_000);
});
