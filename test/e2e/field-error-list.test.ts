import { describe, expect, it } from "vitest";
import { chromium, needs } from "../fixtures/requirements.js";
import { editorForFile, mod, openFromDialog, screenshotAtBothSizes } from "./editor-harness.js";

const editor = editorForFile();

describe("a field's validation messages in the inspector", needs(chromium()), () => {
  it("lists a prompt's two problems one per line, each its own item", async () => {
    const { page } = editor;
    await openFromDialog(page, "examples/gridworld-llm.foresight.json");
    await page.getByTestId("node:policy").click();
    await page.locator(".prompt-template .monaco-editor").nth(1).waitFor();
    const prompt = page.getByRole("textbox", { name: "prompt template" });
    await prompt.focus();
    await page.keyboard.press(`${mod}+End`);
    await page.keyboard.type(" {{ foo.bar }} and {{nope}}");
    const errors = page.locator(".inspector .field-errors").filter({ hasText: "foo.bar" });
    await expect.poll(() => errors.locator("li").count(), { timeout: 15_000 }).toBe(2);
    const items = await errors.locator("li").allTextContents();
    expect(items.some((item) => item.includes("{{ foo.bar }}") && !item.includes("nope"))).toBe(true);
    expect(items.some((item) => item.includes("nope") && !item.includes("foo.bar"))).toBe(true);
    // One per line: the second item starts below the first.
    const [first, second] = [await errors.locator("li").nth(0).boundingBox(), await errors.locator("li").nth(1).boundingBox()];
    expect(second!.y).toBeGreaterThanOrEqual(first!.y + first!.height - 1);
    await screenshotAtBothSizes(page, "field-error-list", errors);
  }, 60_000);
});
