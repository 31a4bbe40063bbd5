import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { chromium, needs } from "../fixtures/requirements.js";
import { atSize, editorForFile, openFromDialog, restingCardBoxes, screenshotAtBothSizes } from "./editor-harness.js";

const editor = editorForFile({ freshDocument: true });

/** Words (runs of letters and digits) of the Problems column drawn across two lines: cut mid-word. */
const wordsCutInProblems = (page: Page) =>
  page.evaluate(`(() => {
    const cut = [];
    const walker = document.createTreeWalker(document.querySelector("section.problems"), NodeFilter.SHOW_TEXT);
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
      for (const word of text.data.matchAll(/[A-Za-z0-9]+/g)) {
        const range = document.createRange();
        range.setStart(text, word.index);
        range.setEnd(text, word.index + word[0].length);
        if (new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size > 1) cut.push(word[0]);
      }
    }
    return cut;
  })()`) as Promise<string[]>;

describe("a 1024×640 window", needs(chromium()), () => {
  it("hides the mini map until its button shows it, and keeps the user's choice at any width", async () => {
    const { page } = editor;
    await atSize(page, 1024, 640);
    await openFromDialog(page, "Template gridworld-vgps");
    const cards = await restingCardBoxes(page);
    expect(await page.locator(".react-flow__minimap").count()).toBe(0);
    const miniMap = page.getByRole("button", { name: "Mini map" });
    expect(await miniMap.getAttribute("aria-pressed")).toBe("false");
    await page.screenshot({ path: "test/e2e/screenshots/small-window-1024x640.png" });
    // The button still shows it, and Fit view then keeps its corner free.
    await miniMap.click();
    await expect.poll(() => page.locator(".react-flow__minimap").count()).toBe(1);
    const withMap = await restingCardBoxes(page);
    expect(cards[0]!.width, "cards are no smaller without the mini map").toBeGreaterThanOrEqual(withMap[0]!.width);
    await miniMap.click();
    await expect.poll(() => page.locator(".react-flow__minimap").count()).toBe(0);
    await screenshotAtBothSizes(page, "small-window-template");
    // Hidden by the button, it stays hidden in a wide window too (screenshotAtBothSizes leaves it at 1440×900).
    expect(await page.locator(".react-flow__minimap").count()).toBe(0);
  });

  it("breaks the Problems column's identifiers only at their punctuation, and ellipsizes the status with its whole text on hover", async () => {
    const { page } = editor;
    await atSize(page, 1024, 640);
    // The executor's problem names the output that would fit: sampler.candidates.
    await page.getByRole("button", { name: "Add Candidate sampler" }).click();
    await page.getByRole("button", { name: "Add Executor" }).click();
    const problems = page.getByRole("region", { name: "Problems" });
    await expect.poll(() => problems.textContent()).toContain("sampler.candidates");
    // The column's floor, 14rem less its padding: it was 16 % of the window, 160 px, an identifier a line.
    expect((await problems.boundingBox())!.width).toBeGreaterThanOrEqual(175);
    expect(await wordsCutInProblems(page)).toEqual([]);

    const status = page.getByRole("banner").getByRole("marquee", { name: "Run status" });
    expect(await status.getAttribute("title")).toBe(await status.textContent());
    // However narrow the toolbar, the text ends in an ellipsis rather than mid-letter: a block, cut by text-overflow.
    const style = await status.evaluate((element) => {
      const computed = (globalThis as unknown as { getComputedStyle(element: unknown): { display: string; textOverflow: string } }).getComputedStyle(element);
      return { display: computed.display, textOverflow: computed.textOverflow };
    });
    expect(style).toEqual({ display: "block", textOverflow: "ellipsis" });
    await page.screenshot({ path: "test/e2e/screenshots/small-window-problems-1024x640.png" });
    await atSize(page, 1440, 900);
  });
});
