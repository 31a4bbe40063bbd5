import { describe, expect, it } from "vitest";
import { chromium, needs } from "../fixtures/requirements.js";
import { editorForFile, mod } from "./editor-harness.js";

const editor = editorForFile();

describe("an LLM node's prompt templates in Monaco", needs(chromium()), () => {
  it("highlights placeholders, completes the node's own after {{, marks an unknown one, and undoes through the document", async () => {
    const { page } = editor;
    await page.getByRole("button", { name: "Open", exact: true }).click();
    await page.getByRole("dialog").getByRole("button", { name: "examples/gridworld-llm.foresight.json" }).click();
    await page.getByTestId("node:policy").click();
    await page.locator(".prompt-template .monaco-editor").first().waitFor();
    const prompt = page.getByRole("textbox", { name: "prompt template" });
    expect(await prompt.count()).toBe(1);
    expect(await page.getByRole("textbox", { name: "system template" }).count()).toBe(1);
    const promptLines = page.getByTestId("prompt-template-editor").nth(1).locator(".view-lines");
    await expect.poll(() => promptLines.textContent()).toContain("{{observation}}");

    // A placeholder is its own token, coloured apart from the text around it.
    const token = promptLines.locator("span > span", { hasText: /^\{\{observation\}\}$/ });
    const text = promptLines.locator("span > span", { hasText: /^Grid/ });
    const colour = (locator: typeof token) => locator.first().evaluate((element) => (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } }).getComputedStyle(element).color);
    // (Monaco tokenizes after it paints: wait for it.)
    await expect.poll(async () => (await token.count()) > 0 && (await colour(token)) !== (await colour(text)), { timeout: 10_000 }).toBe(true);

    // Typing {{ offers the policy's placeholders with what each holds; Enter completes one.
    await prompt.focus();
    await page.keyboard.press(`${mod}+End`);
    await page.keyboard.type(" {{");
    // The policy's six, not the Q-scorer's {{action}} or {{candidates}}.
    const suggestions = page.getByRole("listbox", { name: "Suggest" });
    await expect.poll(() => suggestions.getByRole("option").count()).toBe(6);
    await page.keyboard.type("ep");
    const option = suggestions.getByRole("option", { name: /episode/ });
    await option.waitFor();
    // What each holds, from nodes/llm/prompt-fields.ts through the kind catalog.
    expect(await option.textContent()).toContain("the episode number");
    await page.screenshot({ path: "test/e2e/screenshots/prompt-editor-complete-light.png" });
    expect(await suggestions.getByRole("option", { name: /observation/ }).count()).toBe(0);
    await page.keyboard.press("Enter");
    await expect.poll(() => promptLines.textContent()).toMatch(/actions>\s\{\{episode\}\}$/);
    expect(await promptLines.locator(".squiggly-error").count()).toBe(0);

    // An unknown placeholder is underlined where it stands, and validation names it under the field.
    // After a pause, so it is an undo step of its own (edits of one field coalesce for a second): undo leaves {{episode}}, and the document changed.
    await page.waitForTimeout(1_200);
    await page.keyboard.type(" {{goal}}");
    await expect.poll(() => page.locator(".prompt-template .squiggly-error").count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByRole("alert").filter({ hasText: "unknown placeholder {{goal}}" }).count(), { timeout: 10_000 }).toBe(1);
    await page.screenshot({ path: "test/e2e/screenshots/prompt-editor-light.png" });

    // Backspace edits the text; it does not delete the selected node from the canvas.
    await page.keyboard.press("Backspace");
    await expect.poll(() => promptLines.textContent()).toMatch(/\{\{goal\}$/);
    expect(await page.getByTestId("node:policy").count()).toBe(1);
    await page.keyboard.type("}");

    // Ctrl+Z is the document's undo.
    await page.keyboard.press(`${mod}+z`);
    await expect.poll(() => promptLines.textContent()).not.toContain("{{goal}}");
    await expect.poll(() => page.locator(".prompt-template .squiggly-error").count()).toBe(0);
    await expect.poll(() => page.title()).toContain("●");

    // The judge's prompt offers the Q-scorer's placeholders too.
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.getByRole("button", { name: "Open", exact: true }).click();
    await page.getByRole("dialog", { name: "Save changes?" }).getByRole("button", { name: "Discard changes" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "examples/shopping-judge.foresight.json" }).click();
    // Clicked until the inspector shows it: under load a click as the new document's canvas settles can miss.
    const placeholders = page.getByText("Placeholders (type {{ to complete): {{observation}} {{observation_json}} {{actions}} {{environment}} {{episode}} {{step}} {{action}} {{candidates}}");
    await expect
      .poll(
        async () => {
          if ((await placeholders.count()) === 0) await page.getByTestId("node:judge").click();
          return placeholders.count();
        },
        { timeout: 15_000 },
      )
      .toBe(2);
    await page.getByTestId("prompt-template-editor").nth(1).scrollIntoViewIfNeeded();
    await page.screenshot({ path: "test/e2e/screenshots/prompt-editor-judge-light.png" });
  }, 90_000);

  it("is a text area when Monaco cannot load", async () => {
    const context = await editor.browser.newContext({ colorScheme: "light", viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    await page.route(/\/assets\/(monaco|editor\.api)[^/]*\.js/, (route) => route.abort());
    await page.goto(editor.url);
    await page.getByRole("button", { name: "Open", exact: true }).click();
    await page.getByRole("dialog").getByRole("button", { name: "examples/gridworld-llm.foresight.json" }).click();
    await page.getByTestId("node:policy").click();
    const prompt = page.getByRole("textbox", { name: "prompt template" });
    await expect.poll(() => page.getByText(/The prompt editor could not load/).count()).toBeGreaterThan(0);
    expect(await prompt.evaluate((element) => (element as unknown as { tagName: string }).tagName)).toBe("TEXTAREA");
    expect(await prompt.inputValue()).toContain("{{observation}}");
    await context.close();
  }, 60_000);
});
