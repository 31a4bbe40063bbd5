import { describe, expect, it } from "vitest";
import { chromium, needs } from "../fixtures/requirements.js";
import { editorForFile, mod, openFromDialog, screenshotAtBothSizes } from "./editor-harness.js";
import type { Page } from "playwright-core";

const editor = editorForFile();
const EXAMPLE = "examples/gridworld-vgps.foresight.json";

const card = (page: Page, id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);
const transform = (page: Page, id: string) => card(page, id).evaluate((element) => (element as unknown as { style: { transform: string } }).style.transform);
const selectedIds = (page: Page) => page.locator(".react-flow__node.selected").evaluateAll((cards) => cards.map((c) => (c as unknown as { dataset: Record<string, string> }).dataset["id"]));
/** The id of the card or edge focus is on, else the focused element's tag. */
const focusedId = (page: Page) => page.evaluate("document.activeElement?.closest('.react-flow__node, .react-flow__edge')?.dataset.id ?? document.activeElement?.tagName");
/** Two frames: React and xyflow have drawn what the last key did. */
const settle = (page: Page) => page.evaluate("new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))");

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

  it("keeps a note's resize from its top-left corner one undo step (it moves the note too, not from a key)", async () => {
    const { page } = editor;
    await openFromDialog(page, EXAMPLE);
    await page.locator(".react-flow__pane").click({ position: { x: 8, y: 200 } });
    await page.keyboard.press("n");
    await page.getByRole("textbox", { name: "Note text (Markdown)" }).fill("Resize me");
    await page.keyboard.press(`${mod}+Enter`);
    const note = page.getByRole("note", { name: "Note: Resize me" });
    await note.click();
    const size = (await note.boundingBox())!;
    const corner = (await note.locator(".react-flow__resize-control.handle.top.left").boundingBox())!;
    await page.mouse.move(corner.x + corner.width / 2, corner.y + corner.height / 2);
    await page.mouse.down();
    await page.mouse.move(corner.x - 40, corner.y - 20, { steps: 4 });
    await page.mouse.up();
    await expect.poll(async () => (await note.boundingBox())!.width).toBeGreaterThan(size.width + 20);
    await page.keyboard.press(`${mod}+z`);
    await expect.poll(async () => (await note.boundingBox())!.width).toBeCloseTo(size.width, 0);
    // The next undo is the step before the resize: the note's text.
    await page.keyboard.press(`${mod}+z`);
    await expect.poll(() => page.getByRole("note", { name: "Empty note" }).count()).toBe(1);
  });

  it("selects only the focused node on Enter, clears the selection on Escape, and cuts with Ctrl+X", async () => {
    const { page } = editor;
    await openFromDialog(page, EXAMPLE);
    await card(page, "sampler").focus();
    await page.keyboard.press(`${mod}+a`);
    await expect.poll(() => selectedIds(page).then((ids) => ids.length)).toBe(7);
    await page.keyboard.press("Enter");
    await expect.poll(() => selectedIds(page)).toEqual(["sampler"]);
    // Screen readers hear which node is selected.
    expect(await card(page, "sampler").getAttribute("aria-label")).toBe("Node sampler: sampler, selected");
    expect(await card(page, "q").getAttribute("aria-label")).toBe("Node q: q-scorer");

    await page.keyboard.press(`${mod}+a`);
    await page.keyboard.press("Escape");
    await expect.poll(() => selectedIds(page)).toEqual([]);
    expect(await focusedId(page)).toBe("sampler");
    // With focus on nothing, too.
    await page.keyboard.press(`${mod}+a`);
    await page.evaluate("document.activeElement.blur()");
    await page.keyboard.press("Escape");
    await expect.poll(() => selectedIds(page)).toEqual([]);

    // Ctrl+X: the node goes (one undo step brings it and its edges back), and can be pasted.
    const edges = await page.locator(".react-flow__edge").count();
    await card(page, "sampler").focus();
    await page.keyboard.press("Enter");
    await page.keyboard.press(`${mod}+x`);
    await expect.poll(() => card(page, "sampler").count()).toBe(0);
    // Focus stays on the canvas: the next card.
    await expect.poll(() => focusedId(page)).toBe("q");
    await page.keyboard.press(`${mod}+z`);
    await expect.poll(() => card(page, "sampler").count()).toBe(1);
    expect(await page.locator(".react-flow__edge").count()).toBe(edges);
    await page.keyboard.press(`${mod}+v`);
    await expect.poll(() => card(page, "sampler-2").count()).toBe(1);
  });

  it("keeps focus on the canvas after Delete of a node or an edge and after adding a node from the canvas menu", async () => {
    const { page } = editor;
    await openFromDialog(page, EXAMPLE);
    await card(page, "risk").focus();
    await page.keyboard.press("Enter");
    await page.keyboard.press("Delete");
    await expect.poll(() => card(page, "risk").count()).toBe(0);
    await expect.poll(() => focusedId(page)).toBe("executor");

    const edge = page.locator(".react-flow__edge").first();
    await edge.focus();
    const edgeId = await edge.getAttribute("data-id");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Delete");
    await expect.poll(() => page.locator(`.react-flow__edge[data-id="${edgeId}"]`).count()).toBe(0);
    await expect.poll(() => page.evaluate("!!document.activeElement?.closest('.react-flow__edge')")).toBe(true);

    // The canvas's menu from the keyboard, with nothing selected: Add node…
    await page.keyboard.press("Escape");
    await page.locator("[data-canvas]").focus();
    await page.keyboard.press("Shift+F10");
    await page.getByRole("menuitem", { name: "Add node…" }).click();
    await page.keyboard.type("risk filter");
    await page.keyboard.press("Enter");
    await expect.poll(() => card(page, "risk").count()).toBe(1);
    await expect.poll(() => focusedId(page)).toBe("risk");
  });

  it("renames with F2 and zooms with Ctrl+= and Ctrl+-", async () => {
    const { page } = editor;
    await openFromDialog(page, EXAMPLE);
    // With the side panels folded away too: they open for it.
    await page.keyboard.press(`${mod}+Alt+b`);
    await expect.poll(() => page.getByRole("complementary", { name: "Inspector" }).count()).toBe(0);
    await card(page, "q").focus();
    await page.keyboard.press("F2");
    const title = page.getByRole("complementary", { name: "Inspector" }).getByRole("textbox", { name: "title", exact: true });
    await expect.poll(() => title.evaluate((field) => field === (field as unknown as { ownerDocument: { activeElement: unknown } }).ownerDocument.activeElement)).toBe(true);
    await page.keyboard.type("Scorer");
    // The title was selected: typing replaced it.
    await expect.poll(() => title.inputValue()).toBe("Scorer");

    await card(page, "q").focus();
    const zoom = () => page.locator(".react-flow__viewport").evaluate((element) => Number(/scale\(([\d.]+)\)/.exec((element as unknown as { style: { transform: string } }).style.transform)?.[1]));
    // The side panels F2 opened refit the view once they stop moving (Canvas.tsx, useRefitAfter): zoom after that.
    await expect.poll(async () => {
      const now = await zoom();
      await page.waitForTimeout(250);
      return (await zoom()) === now;
    }).toBe(true);
    const before = await zoom();
    await page.keyboard.press(`${mod}+=`);
    await expect.poll(zoom).toBeGreaterThan(before * 1.1);
    const zoomedIn = await zoom();
    await page.keyboard.press(`${mod}+-`);
    await expect.poll(zoom).toBeLessThan(zoomedIn / 1.1);
  });

  it("makes the palette's search a combobox, so the highlighted match is announced", async () => {
    const { page } = editor;
    const search = page.getByRole("combobox", { name: "Search nodes" });
    await search.fill("risk");
    expect(await search.getAttribute("aria-expanded")).toBe("true");
    const list = await search.getAttribute("aria-controls");
    const active = await search.getAttribute("aria-activedescendant");
    expect(await page.evaluate(`!!document.getElementById(${JSON.stringify(list)})?.contains(document.getElementById(${JSON.stringify(active)}))`)).toBe(true);
    await search.fill("");
  });

  it("lists every shortcut, those of one place too", async () => {
    const { page } = editor;
    await openFromDialog(page, EXAMPLE);
    await card(page, "q").focus();
    await page.keyboard.press("Enter");
    await settle(page);
    await screenshotAtBothSizes(page, "canvas-focused-selected-node");
    await page.keyboard.press("?");
    const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
    for (const text of ["F2", "Ctrl+X", "Ctrl+=", "Ctrl+1", "Ctrl+M", "step inspector", "typing a note", "on a panel's edge", "Open dialog's filter"]) expect(await help.textContent(), text).toContain(text);
    await screenshotAtBothSizes(page, "shortcut-help-complete", help);
    await page.keyboard.press("Escape");
  });
});
