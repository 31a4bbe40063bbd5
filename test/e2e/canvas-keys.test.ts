import { describe, expect, it } from "vitest";
import { chromium, needs } from "../fixtures/requirements.js";
import { editorForFile, mod, openFromDialog } from "./editor-harness.js";
import type { Page } from "playwright-core";

const editor = editorForFile();
const EXAMPLE = "examples/gridworld-vgps.foresight.json";

const card = (page: Page, id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);
const transform = (page: Page, id: string) => card(page, id).evaluate((element) => (element as unknown as { style: { transform: string } }).style.transform);

describe("editing the canvas from the keyboard", needs(chromium()), () => {
  it("moves a node with the arrows as an edit: unsaved, kept by the backup, one undo step", async () => {
    const { page } = editor;
    await openFromDialog(page, EXAMPLE);
    await card(page, "q").focus();
    await page.keyboard.press("Enter");
    expect(await transform(page, "q")).toBe("translate(840px, 0px)");
    for (let press = 0; press < 8; press++) await page.keyboard.press("ArrowDown");
    await expect.poll(() => transform(page, "q")).toBe("translate(840px, 40px)");
    await expect.poll(() => page.title()).toBe("● gridworld-vgps.foresight.json — Foresight");
    await expect.poll(() => page.evaluate("localStorage.getItem('foresight.unsavedChanges') ?? ''")).toContain('"y":40');
    // The run of presses is one step: one undo puts the node back, and the document is clean again.
    await page.keyboard.press(`${mod}+z`);
    await expect.poll(() => transform(page, "q")).toBe("translate(840px, 0px)");
    await expect.poll(() => page.title()).toBe("gridworld-vgps.foresight.json — Foresight");
  });
});
