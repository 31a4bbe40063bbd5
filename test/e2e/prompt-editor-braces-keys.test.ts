import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { chromium, needs } from "../fixtures/requirements.js";
import { editorForFile, mod } from "./editor-harness.js";

const editor = editorForFile();

/** Opens the LLM gridworld example afresh (discarding edits) and shows its policy in the inspector. */
async function openPolicy(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Open", exact: true }).click();
  const discard = page.getByRole("dialog", { name: "Save changes?" }).getByRole("button", { name: "Discard changes" });
  const example = page.getByRole("dialog").getByRole("button", { name: "examples/gridworld-llm.foresight.json" });
  await expect.poll(async () => (await discard.count()) + (await example.count())).toBeGreaterThan(0);
  if ((await discard.count()) > 0) await discard.click();
  await example.click();
  await page.getByTestId("node:policy").click();
  await page.locator(".prompt-template .monaco-editor").nth(1).waitFor();
  await expect.poll(() => page.getByTestId("prompt-template-editor").nth(1).locator(".view-lines").textContent()).toContain("{{observation}}");
}

/** The element focus is in: its accessible name, or its tag. */
const focused = (page: Page) => page.evaluate(() => {
  const element = (globalThis as unknown as { document: { activeElement: { getAttribute(n: string): string | null; tagName: string } | null } }).document.activeElement;
  return element?.getAttribute("aria-label") ?? element?.tagName ?? "";
});

describe("an LLM node's prompt templates: braces and keys", needs(chromium()), () => {
  it("underlines braces that are no placeholder, and Problems names them at the prompt's pointer", async () => {
    const { page } = editor;
    await page.setViewportSize({ width: 1440, height: 900 });
    await openPolicy(page);
    const prompt = page.getByRole("textbox", { name: "prompt template" });
    await prompt.focus();
    await page.keyboard.press(`${mod}+End`);
    await page.keyboard.type(" {{ foo.bar }} then }}");
    const marks = page.getByTestId("prompt-template-editor").nth(1).locator(".squiggly-error");
    await expect.poll(() => marks.count()).toBeGreaterThanOrEqual(1);
    const problems = page.getByRole("region", { name: "Problems" });
    await expect.poll(() => problems.textContent(), { timeout: 10_000 }).toContain("{{ foo.bar }} is not a placeholder");
    expect(await problems.textContent()).not.toContain("then }}");
    expect(await problems.textContent()).toContain("/nodes/1/params/prompt");
    await page.screenshot({ path: "test/e2e/screenshots/prompt-editor-braces-1440.png" });
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.screenshot({ path: "test/e2e/screenshots/prompt-editor-braces-1280.png" });
    await page.setViewportSize({ width: 1440, height: 900 });
  }, 60_000);

  it("leaves a prompt editor on Tab and Shift+Tab without changing the text, and says so to a screen reader", async () => {
    const { page } = editor;
    await openPolicy(page);
    const system = page.getByRole("textbox", { name: "system template" });
    const prompt = page.getByRole("textbox", { name: "prompt template" });
    const texts = () => page.getByTestId("prompt-template-editor").locator(".view-lines").allTextContents();
    const before = await texts();

    await system.focus();
    expect(await focused(page)).toBe("system template");
    await page.keyboard.press("Tab");
    await expect.poll(() => focused(page)).not.toBe("system template");
    // The fields between the two prompts, then the prompt, then on past it.
    for (let presses = 0; presses < 30 && (await focused(page)) !== "prompt template"; presses++) await page.keyboard.press("Tab");
    expect(await focused(page)).toBe("prompt template");
    await page.keyboard.press("Tab");
    await expect.poll(() => focused(page)).not.toBe("prompt template");
    await page.keyboard.press("Shift+Tab");
    await expect.poll(() => focused(page)).toBe("prompt template");

    expect(await texts()).toEqual(before);
    expect(await page.title()).not.toContain("●");

    // How to leave is in its description, read out with the name.
    const description = await prompt.evaluate((element) => {
      type Described = { getAttribute(name: string): string | null; ownerDocument: { getElementById(id: string): { textContent: string | null } | null } };
      const textbox = element as unknown as Described;
      const ids = (textbox.getAttribute("aria-describedby") ?? "").split(" ").filter(Boolean);
      return ids.map((id) => textbox.ownerDocument.getElementById(id)?.textContent ?? "").join(" ");
    });
    expect(description).toContain("Tab and Shift+Tab leave the prompt");
    expect(description).toContain("{{observation}}");
  }, 60_000);
  it("is saved again when undo brings the prompt back to the saved text, a completion included", async () => {
    const { page } = editor;
    await openPolicy(page);
    const lines = page.getByTestId("prompt-template-editor").nth(1).locator(".view-lines");
    const saved = await lines.textContent();
    await page.getByRole("textbox", { name: "prompt template" }).focus();
    await page.keyboard.press(`${mod}+End`);
    await page.keyboard.type(" {{ste");
    await page.getByRole("listbox", { name: "Suggest" }).getByRole("option", { name: /step/ }).waitFor();
    await page.keyboard.press("Enter");
    await expect.poll(() => lines.textContent()).toMatch(/\{\{step\}\}$/);
    expect(await page.title()).toContain("●");
    for (let undo = 0; undo < 6; undo++) await page.keyboard.press(`${mod}+z`);
    await expect.poll(() => lines.textContent()).toBe(saved);
    await expect.poll(() => page.title()).not.toContain("●");
    // Redo is the edit again, unsaved.
    await page.keyboard.press(`${mod}+Shift+z`);
    await expect.poll(() => page.title()).toContain("●");
  }, 60_000);
});
