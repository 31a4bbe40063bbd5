import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { chromium, needs } from "../fixtures/requirements.js";
import { editorForFile, mod, openFromDialog, replaceScriptCode as replaceCode, screenshotAtBothSizes } from "./editor-harness.js";

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

  it("checks the code shown against the ports of the node and file shown, across files, nodes, port edits, undo and renames", async () => {
    const { page } = editor;
    // gridworld-script's pipeline with other code and ports in its node safe-q, and a second Script node.
    const pipeline = JSON.parse(readFileSync("examples/gridworld-script.foresight.json", "utf8")) as { nodes: { id: string; title: string; position: { x: number; y: number }; params: Record<string, unknown> }[] };
    const safeQ = pipeline.nodes.find((node) => node.id === "safe-q")!;
    safeQ.params.code = 'function run(inputs: Inputs): Outputs {\n  return { candidates: inputs.candidates, best: "high" };\n}\n';
    safeQ.params.outputs = [...(safeQ.params.outputs as object[]), { name: "best", type: "number" }];
    const counter = { id: "counter", title: "count + 1", position: { x: safeQ.position.x, y: safeQ.position.y + 260 }, params: { code: "function run(inputs: Inputs): Outputs {\n  return { total: inputs.count + 1 };\n}\n", inputs: [{ name: "count", type: "number" }], outputs: [{ name: "total", type: "text" }] } };
    pipeline.nodes.push({ ...safeQ, ...counter });
    writeFileSync(join(editor.root, "examples/script-twin.foresight.json"), JSON.stringify(pipeline));
    const stringNotNumber = /^1 type error.*'string' is not assignable to type 'number'/;
    const bestIsExcess = /^1 type error.*'best' does not exist in type 'Outputs'/;
    const show = async (nodeId: string, errors: RegExp | string) => {
      await page.getByTestId(`node:${nodeId}`).click();
      await page.locator(".script-code .monaco-editor").waitFor();
      await expect.poll(typeErrors, { timeout: 20_000 }).toMatch(errors);
    };

    // Its error says where `best` is declared: Monaco opens the declarations, which then must not outlive these ports.
    await openFromDialog(page, "examples/script-twin.foresight.json");
    await show("safe-q", stringNotNumber);
    await show("counter", /^1 type error.*'number' is not assignable to type 'string'/);
    await show("safe-q", stringNotNumber);

    // The same node id in another file: its own code and ports, not the last file's.
    await openFromDialog(page, "examples/gridworld-script.foresight.json");
    await show("safe-q", "No type errors");
    await replaceCode(page, 'function run(inputs: Inputs): Outputs {\n  return { candidates: inputs.candidates, best: "high" };\n}\n');
    await expect.poll(typeErrors, { timeout: 20_000 }).toMatch(bestIsExcess);

    // Port edits and their undo.
    await page.getByRole("group", { name: "outputs", exact: true }).getByRole("button", { name: "Add to outputs" }).click();
    await page.getByRole("group", { name: "outputs 2" }).getByLabel("name", { exact: true }).fill("best");
    await page.getByRole("group", { name: "outputs 2" }).getByLabel("type", { exact: true }).selectOption("number");
    await expect.poll(typeErrors, { timeout: 20_000 }).toMatch(stringNotNumber);
    await page.getByRole("group", { name: "outputs 2" }).getByLabel("type", { exact: true }).selectOption("text");
    await expect.poll(typeErrors, { timeout: 20_000 }).toBe("No type errors");
    // Quick edits of the outputs are one undo step: the port goes, and `best` is an excess property again.
    await page.getByRole("textbox", { name: "Script code" }).focus();
    await page.keyboard.press(`${mod}+z`);
    await expect.poll(() => page.getByRole("group", { name: "outputs 2" }).count()).toBe(0);
    await expect.poll(typeErrors, { timeout: 20_000 }).toMatch(bestIsExcess);

    // A renamed node keeps its code and ports; back in the first file, its own again.
    const id = page.getByRole("complementary", { name: "Inspector" }).getByLabel("id", { exact: true });
    await id.fill("scored");
    await id.press("Enter");
    await show("scored", bestIsExcess);
    await openFromDialog(page, "examples/script-twin.foresight.json");
    await show("counter", /^1 type error.*'number' is not assignable to type 'string'/);
    await screenshotAtBothSizes(page, "script-editor-ports-follow-node", page.getByRole("status", { name: "Type errors" }));
    await show("safe-q", stringNotNumber);
  }, 120_000);
});
