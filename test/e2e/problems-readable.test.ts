import { describe, expect, it } from "vitest";
import { chromium, needs } from "../fixtures/requirements.js";
import { atSize, editorForFile, openFromDialog } from "./editor-harness.js";

const editor = editorForFile();

/** The words of the problems' messages that the layout broke across lines (each word measured as a range: one box a line). */
const BROKEN_WORDS = `[...document.querySelectorAll(".problems .message")].flatMap((message) => {
  const text = message.firstChild;
  const broken = [];
  for (const match of text.textContent.matchAll(/\\S+/g)) {
    const range = document.createRange();
    range.setStart(text, match.index);
    range.setEnd(text, match.index + match[0].length);
    const lines = new Set([...range.getClientRects()].filter((rect) => rect.width > 0).map((rect) => Math.round(rect.top)));
    if (lines.size > 1) broken.push(match[0]);
  }
  return broken;
})`;

describe("the Problems column", needs(chromium()), () => {
  it("is wide enough to read its problems at 1440×900 and 1280×720, and never breaks an identifier mid-word", async () => {
    const { page } = editor;
    await openFromDialog(page, "examples/gridworld-vgps.foresight.json");
    await page.getByRole("group", { name: "Executor", exact: true }).click();
    await page.getByRole("complementary", { name: "Inspector" }).getByLabel("score", { exact: true }).fill("no-such-column");
    const problems = page.getByRole("region", { name: "Problems" });
    await expect.poll(() => problems.locator(".message").filter({ hasText: "no-such-column" }).count()).toBeGreaterThan(0);
    for (const [width, height] of [[1440, 900], [1280, 720]] as const) {
      await atSize(page, width, height);
      await page.screenshot({ path: `test/e2e/screenshots/problems-readable-${width}x${height}.png` });
      expect((await page.locator(".bottom-left").boundingBox())!.width).toBeGreaterThanOrEqual(width * 0.155);
      expect(await page.evaluate(BROKEN_WORDS)).toEqual([]);
    }
    await atSize(page, 1440, 900);
  }, 30_000);
});
