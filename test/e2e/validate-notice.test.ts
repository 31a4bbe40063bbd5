import { describe, expect, it } from "vitest";
import { chromium, needs } from "../fixtures/requirements.js";
import { editorForFile, newDocument, openFromDialog } from "./editor-harness.js";

const editor = editorForFile();

describe("the Validate button", needs(chromium()), () => {
  it("says what it does on hover, and what it found in the notice's live region, even when the count has not changed", async () => {
    const { page } = editor;
    const validate = page.getByRole("group", { name: "File" }).getByRole("button", { name: "Validate" });
    expect(await validate.getAttribute("title")).toMatch(/^Check the pipeline for problems now/);
    const notice = page.getByRole("status").filter({ hasText: "Validated:" });

    await openFromDialog(page, "examples/gridworld-vgps.foresight.json");
    await expect.poll(() => page.getByRole("region", { name: "Problems" }).getByText("No problems.").count()).toBe(1);
    await validate.click();
    await expect.poll(() => notice.textContent()).toBe("Validated: no problems");

    // An empty pipeline lacks its Environment and its Executor.
    await newDocument(page);
    await validate.click();
    await expect.poll(() => notice.textContent()).toBe("Validated: 2 problems");
    // Clicked again with nothing changed: the words go and come back, so they are read out again.
    await page.evaluate(`void (window.noticeTexts = new Promise((done) => {
      const region = document.querySelector("[role=status].notice");
      const texts = [];
      new MutationObserver(() => {
        texts.push(region.textContent);
        if (texts.length === 2) done(texts);
      }).observe(region, { subtree: true, childList: true, characterData: true });
    }))`);
    await validate.click();
    expect(await page.evaluate("window.noticeTexts")).toEqual(["", "Validated: 2 problems"]);
  });
});
