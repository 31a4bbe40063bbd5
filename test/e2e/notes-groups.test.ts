import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { chromium, needs } from "../fixtures/requirements.js";
import { BIN, editorForFile, mod, openFromDialog } from "./editor-harness.js";

const editor = editorForFile();
const SHOTS = "test/e2e/screenshots";

async function boxOf(locator: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  const found = await locator.boundingBox();
  if (!found) throw new Error("not visible");
  return found;
}

/** Right-clicks empty canvas just above its bottom edge (fit view keeps that strip free) and picks `item`. */
async function canvasMenu(page: Page, item: string): Promise<void> {
  const pane = await boxOf(page.locator(".react-flow__pane"));
  await page.mouse.click(pane.x + pane.width * 0.45, pane.y + pane.height - 10, { button: "right" });
  await page.getByRole("menu", { name: "Canvas" }).getByRole("menuitem", { name: item }).click();
}

describe("notes and groups on the canvas", needs(chromium()), () => {
  it("adds and edits a note, groups two nodes, drags the group, and gets it all back from the saved file", async () => {
    const { page, root } = editor;
    await openFromDialog(page, "Template gridworld-vgps");
    await page.getByRole("button", { name: "Fit view" }).click();
    await page.waitForTimeout(300);

    // A note from the canvas menu opens for typing; leaving the field draws its Markdown.
    await canvasMenu(page, "Add note");
    const field = page.getByRole("textbox", { name: "Note text (Markdown)" });
    await expect.poll(() => page.evaluate("document.activeElement?.getAttribute('aria-label')")).toBe("Note text (Markdown)");
    await field.fill("## Why V-GPS\nSample **16**, score with `q`.\n\n- drop lava\n- act on the best");
    await field.press(`${mod}+Enter`);
    const note = page.getByRole("note", { name: "Note: Why V-GPS" });
    await expect.poll(() => note.count()).toBe(1);
    expect(await note.locator("strong").textContent()).toBe("16");
    expect(await note.locator("code").textContent()).toBe("q");
    expect(await note.locator("li").allTextContents()).toEqual(["drop lava", "act on the best"]);
    // The text was one undo step.
    await page.keyboard.press(`${mod}+z`);
    await expect.poll(() => page.getByRole("note", { name: "Empty note" }).count()).toBe(1);
    await page.keyboard.press(`${mod}+Shift+z`);
    await expect.poll(() => note.count()).toBe(1);

    // Edited again on double-click; Escape would drop the change, clicking away keeps it.
    await note.dblclick();
    await field.fill("## Why V-GPS\nSample **16** candidates, score with `q`, keep the _safe_ ones.");
    await page.locator(".react-flow__pane").click({ position: { x: 8, y: 200 } });
    await expect.poll(() => note.locator("em").textContent()).toBe("safe");

    // Two nodes, Ctrl/Cmd+G: a group, renamed by double-clicking its name.
    await page.getByTestId("node:sampler").click();
    await page.getByTestId("node:q").click({ modifiers: [mod] });
    await page.keyboard.press(`${mod}+g`);
    const group = page.getByRole("group", { name: "Group Group 1" });
    await expect.poll(() => group.count()).toBe(1);
    await group.locator(".group-frame-name").dblclick();
    await page.getByRole("textbox", { name: "Group name" }).fill("Value guidance");
    await page.getByRole("textbox", { name: "Group name" }).press("Enter");
    const named = page.getByRole("group", { name: "Group Value guidance" });
    await expect.poll(() => named.count()).toBe(1);
    // The colours show in a toolbar over the selected group.
    const colours = page.getByRole("radiogroup", { name: "Colour of Value guidance" });
    await colours.getByRole("radio", { name: "teal" }).click();
    await expect.poll(() => colours.getByRole("radio", { name: "teal" }).getAttribute("aria-checked")).toBe("true");

    // Dragging the group's name band moves its two nodes, and nothing else: one undo step.
    const before = { sampler: await boxOf(page.getByTestId("node:sampler")), q: await boxOf(page.getByTestId("node:q")), env: await boxOf(page.getByTestId("node:env")) };
    const band = await boxOf(named.locator(".group-frame-header"));
    await page.mouse.move(band.x + 12, band.y + band.height / 2);
    await page.mouse.down();
    // xyflow starts a drag once the pointer has moved past its threshold: from here on, every pixel counts.
    await page.mouse.move(band.x + 14, band.y + band.height / 2);
    await page.mouse.move(band.x + 72, band.y + band.height / 2 + 40, { steps: 6 });
    await page.mouse.move(band.x + 134, band.y + band.height / 2 + 80, { steps: 6 });
    await page.mouse.up();
    const moved = { sampler: await boxOf(page.getByTestId("node:sampler")), q: await boxOf(page.getByTestId("node:q")), env: await boxOf(page.getByTestId("node:env")) };
    for (const id of ["sampler", "q"] as const) {
      expect(moved[id].x - before[id].x, id).toBeCloseTo(120, -1);
      expect(moved[id].y - before[id].y, id).toBeCloseTo(80, -1);
    }
    expect(moved.env).toEqual(before.env);
    await page.keyboard.press(`${mod}+z`);
    await expect.poll(async () => (await boxOf(page.getByTestId("node:q"))).x).toBeCloseTo(before.q.x, 0);
    await page.keyboard.press(`${mod}+Shift+z`);
    await expect.poll(async () => (await boxOf(page.getByTestId("node:q"))).x).toBeCloseTo(moved.q.x, 0);
    await page.screenshot({ path: `${SHOTS}/notes-groups-editing-1440.png` });

    await page.getByRole("button", { name: "Save as", exact: true }).click();
    await page.getByRole("dialog", { name: "Save as" }).getByLabel("File name").fill("notes/annotated.foresight.json");
    await page.getByRole("dialog", { name: "Save as" }).getByRole("button", { name: "Save", exact: true }).click();
    await expect.poll(() => page.getByTestId("notice").textContent()).toContain("Saved notes/annotated.foresight.json");
    const file = join(root, "notes/annotated.foresight.json");
    const saved = JSON.parse(readFileSync(file, "utf8"));
    expect(saved).toMatchObject({
      version: 2,
      notes: [{ id: "note-1", text: "## Why V-GPS\nSample **16** candidates, score with `q`, keep the _safe_ ones.", size: { width: 260, height: 160 } }],
      groups: [{ id: "group-1", name: "Value guidance", colour: "teal", nodes: ["sampler", "q"] }],
    });
    const validate = spawnSync(process.execPath, [BIN, "validate", file], { encoding: "utf8" });
    expect(validate.status, validate.stdout + validate.stderr).toBe(0);

    // Reopened from the file: the note, the group and where its nodes were dragged.
    await page.getByRole("button", { name: "New", exact: true }).click();
    await expect.poll(() => page.locator(".react-flow__node").count()).toBe(0);
    await openFromDialog(page, "notes/annotated.foresight.json");
    await expect.poll(() => page.getByRole("note", { name: "Note: Why V-GPS" }).locator("em").textContent()).toBe("safe");
    const reopened = page.getByRole("group", { name: "Group Value guidance" });
    await expect.poll(() => reopened.count()).toBe(1);
    // Boxes are compared on screen: once the view has stopped fitting the opened file.
    await page.getByRole("button", { name: "Fit view" }).click();
    await page.waitForTimeout(400);
    const frame = await boxOf(reopened);
    for (const id of ["sampler", "q"]) {
      const card = await boxOf(page.getByTestId(`node:${id}`));
      expect(card.x).toBeGreaterThan(frame.x);
      expect(card.y).toBeGreaterThan(frame.y);
      expect(card.x + card.width).toBeLessThan(frame.x + frame.width);
      expect(card.y + card.height).toBeLessThan(frame.y + frame.height);
    }
    const env = await boxOf(page.getByTestId("node:env"));
    expect(env.x + env.width < frame.x || env.y + env.height < frame.y || env.x > frame.x + frame.width).toBe(true);
    await page.screenshot({ path: `${SHOTS}/notes-groups-1440x900.png` });
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.getByRole("button", { name: "Fit view" }).click();
    await page.waitForTimeout(400);
    await page.screenshot({ path: `${SHOTS}/notes-groups-1280x720.png` });
    await page.emulateMedia({ colorScheme: "dark" });
    await page.screenshot({ path: `${SHOTS}/notes-groups-1280x720-dark.png` });
    await page.emulateMedia({ colorScheme: "light" });
    await page.setViewportSize({ width: 1440, height: 900 });
    // Close up, as one reads them: the group, selected (its colours showing), at 100%.
    await page.keyboard.press(`${mod}+k`);
    await page.keyboard.type("sampler");
    await page.keyboard.press("Enter");
    await page.waitForTimeout(400);
    await reopened.locator(".group-frame-name").click();
    await expect.poll(() => page.getByRole("radiogroup", { name: "Colour of Value guidance" }).count()).toBe(1);
    await page.screenshot({ path: `${SHOTS}/notes-groups-close-1440x900.png` });
    await page.emulateMedia({ colorScheme: "dark" });
    await page.screenshot({ path: `${SHOTS}/notes-groups-close-1440x900-dark.png` });
    await page.emulateMedia({ colorScheme: "light" });
  });

  it("adds a note with N, resizes a note, opens its menu from the keyboard, takes a node out of its group and deletes a group keeping its nodes", async () => {
    const { page } = editor;
    await openFromDialog(page, "notes/annotated.foresight.json");
    await page.locator(".react-flow__pane").click({ position: { x: 8, y: 200 } });
    await page.keyboard.press("n");
    await page.getByRole("textbox", { name: "Note text (Markdown)" }).fill("Second note");
    await page.keyboard.press("Escape");
    // Escape drops the typing; the note stays, empty (adding it was its own step).
    await expect.poll(() => page.getByRole("note", { name: "Empty note" }).count()).toBe(1);
    await page.keyboard.press(`${mod}+z`);
    await expect.poll(() => page.getByRole("note").count()).toBe(1);

    // A selected note is resized by its corner (one undo step), and its menu opens from the keyboard.
    const note = page.getByRole("note", { name: "Note: Why V-GPS" });
    await note.click();
    const size = await boxOf(note);
    const corner = await boxOf(note.locator(".react-flow__resize-control.handle.bottom.right"));
    await page.mouse.move(corner.x + corner.width / 2, corner.y + corner.height / 2);
    await page.mouse.down();
    await page.mouse.move(corner.x + 40, corner.y + 20, { steps: 4 });
    await page.mouse.move(corner.x + 80, corner.y + 50, { steps: 4 });
    await page.mouse.up();
    const resized = await boxOf(note);
    expect(resized.width - size.width).toBeCloseTo(80, -1);
    expect(resized.height - size.height).toBeCloseTo(50, -1);
    await page.keyboard.press(`${mod}+z`);
    await expect.poll(async () => (await boxOf(note)).width).toBeCloseTo(size.width, 0);
    await note.focus();
    await page.keyboard.press("Shift+F10");
    await page.getByRole("menu", { name: "Note: Why V-GPS" }).getByRole("menuitem", { name: "Edit note" }).click();
    await expect.poll(() => page.getByRole("textbox", { name: "Note text (Markdown)" }).inputValue()).toContain("## Why V-GPS");
    await page.keyboard.press("Escape");

    await page.getByTestId("node:q").click({ button: "right" });
    await page.getByRole("menu", { name: "Node q" }).getByRole("menuitem", { name: "Remove from group “Value guidance”" }).click();
    const group = page.getByRole("group", { name: "Group Value guidance" });
    const frame = await boxOf(group);
    const q = await boxOf(page.getByTestId("node:q"));
    expect(q.x > frame.x + frame.width || q.y > frame.y + frame.height || q.x + q.width < frame.x).toBe(true);

    await group.locator(".group-frame-header").click({ button: "right" });
    await page.getByRole("menu", { name: "Group Value guidance" }).getByRole("menuitem", { name: "Delete group (keeps its nodes)" }).click();
    await expect.poll(() => group.count()).toBe(0);
    expect(await page.getByTestId("node:sampler").count()).toBe(1);
    await page.keyboard.press(`${mod}+z`);
    await expect.poll(() => group.count()).toBe(1);
  });
});
