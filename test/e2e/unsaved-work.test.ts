import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { chromium, needs } from "../fixtures/requirements.js";
import { editorForFile, mod, newDocument, openFromDialog, screenshotAtBothSizes } from "./editor-harness.js";

const editor = editorForFile();

const MINE = "mine/conflict.foresight.json";

/** The pipeline's description field (nothing selected: the inspector shows the pipeline's settings). */
const description = (page: Page) => page.getByLabel("description", { exact: true });
const notice = (page: Page) => page.getByTestId("notice").textContent();
/** What the window getting the focus back does (the page has it throughout in a headless browser). */
const refocus = (page: Page) => page.evaluate('window.dispatchEvent(new Event("focus"))');

/** Another program's change to the file: a new description, as a hand edit would make it. */
function editOnDisk(file: string, text: string) {
  const doc = JSON.parse(readFileSync(file, "utf8"));
  writeFileSync(file, JSON.stringify({ ...doc, description: text }, null, 2));
}

describe("a pipeline file changed on disk while the editor has it open", needs(chromium()), () => {
  it("asks before Save replaces another program's change or Save as replaces a file, reloads a clean document, and keeps unsaved edits", async () => {
    const { page, root } = editor;
    const file = join(root, MINE);
    // Ctrl/Cmd+O opens the Open dialog, as the desktop menu's key does.
    await page.keyboard.press(`${mod}+o`);
    await page.getByRole("dialog", { name: "Open a pipeline" }).getByRole("button", { name: "examples/gridworld-vgps.foresight.json", exact: true }).click();
    await expect.poll(() => page.title()).toBe("gridworld-vgps.foresight.json — Foresight");
    await page.getByRole("button", { name: "Save as", exact: true }).click();
    await page.getByLabel("File name").fill(MINE);
    await page.getByRole("dialog").getByRole("button", { name: "Save", exact: true }).click();
    await expect.poll(() => notice(page)).toBe(`Saved ${MINE}`);

    // Save as (here by its key, as the desktop menu's) onto a file that exists: asked, and Cancel writes nothing.
    const lookahead = join(root, "examples/gridworld-lookahead.foresight.json");
    const before = readFileSync(lookahead, "utf8");
    await page.keyboard.press(`${mod}+Shift+S`);
    await page.getByLabel("File name").fill("examples/gridworld-lookahead.foresight.json");
    await page.getByRole("dialog").getByRole("button", { name: "Save", exact: true }).click();
    const replace = page.getByRole("dialog", { name: "Replace the file?" });
    await replace.getByRole("button", { name: "Cancel" }).click();
    expect(readFileSync(lookahead, "utf8")).toBe(before);
    expect(await page.title()).toBe("conflict.foresight.json — Foresight");

    // Unsaved edits and a change on disk: the edits stay, the user is told, and Save asks.
    await description(page).fill("my edit");
    editOnDisk(file, "their edit");
    await refocus(page);
    await expect.poll(() => notice(page)).toBe(`${MINE} changed on disk; your changes are kept, and Save asks before replacing it`);
    expect(await description(page).inputValue()).toBe("my edit");
    await page.keyboard.press(`${mod}+s`);
    const changed = page.getByRole("dialog", { name: "The file changed on disk" });
    await expect.poll(() => changed.isVisible()).toBe(true);
    await screenshotAtBothSizes(page, "save-conflict");
    await changed.getByRole("button", { name: "Cancel" }).click();
    expect(JSON.parse(readFileSync(file, "utf8")).description).toBe("their edit");
    await page.keyboard.press(`${mod}+s`);
    await changed.getByRole("button", { name: "Overwrite" }).click();
    await expect.poll(() => notice(page)).toBe(`Saved ${MINE}`);
    expect(JSON.parse(readFileSync(file, "utf8")).description).toBe("my edit");

    // No unsaved edits: the change on disk is shown as it comes back into focus.
    editOnDisk(file, "theirs again");
    await refocus(page);
    await expect.poll(() => description(page).inputValue()).toBe("theirs again");
    expect(await notice(page)).toBe(`Reloaded ${MINE}: it changed on disk`);
    expect(await page.title()).toBe("conflict.foresight.json — Foresight");

    // A file saved half-edited elsewhere is said, once, and what is shown stays.
    const good = readFileSync(file, "utf8");
    writeFileSync(file, good.slice(0, 200));
    await refocus(page);
    await expect.poll(() => notice(page)).toMatch(new RegExp(`^Could not read ${MINE} again: not valid JSON: `));
    expect(await description(page).inputValue()).toBe("theirs again");
    writeFileSync(file, good);

    // Reload from disk puts the file as it is now in place of the edits; Save then replaces it without asking.
    await description(page).fill("dropped");
    editOnDisk(file, "kept on disk");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await changed.getByRole("button", { name: "Reload from disk" }).click();
    await expect.poll(() => description(page).inputValue()).toBe("kept on disk");
    expect(await page.title()).toBe("conflict.foresight.json — Foresight");
    // The reload is an undo step: the dropped edits come back, unsaved.
    await page.keyboard.press(`${mod}+z`);
    await expect.poll(() => description(page).inputValue()).toBe("dropped");
    expect(await page.title()).toBe("● conflict.foresight.json — Foresight");
    await page.keyboard.press(`${mod}+Shift+z`);
    await expect.poll(() => description(page).inputValue()).toBe("kept on disk");
    await description(page).fill("after the reload");
    await page.keyboard.press(`${mod}+s`);
    await expect.poll(() => notice(page)).toBe(`Saved ${MINE}`);
    expect(JSON.parse(readFileSync(file, "utf8")).description).toBe("after the reload");
  });
});

describe("a reload of the page", needs(chromium()), () => {
  it("reopens the file the tab had open (it came back as an empty untitled pipeline), and an untitled one after New", async () => {
    const { page } = editor;
    await openFromDialog(page, "examples/gridworld-lookahead.foresight.json");
    await page.reload();
    await expect.poll(() => page.title()).toBe("gridworld-lookahead.foresight.json — Foresight");
    await expect.poll(() => page.locator(".react-flow__node").count()).toBeGreaterThan(0);
    await newDocument(page);
    await page.reload();
    await page.getByRole("button", { name: "Add Environment" }).waitFor();
    await expect.poll(() => page.title()).toBe("untitled — Foresight");
  });
});

describe("unsaved changes when the page goes (a tab closed, the browser or `foresight serve` stopped)", needs(chromium()), () => {
  it("are offered back by the next page, restored unsaved over their file as it was then, or discarded", async () => {
    const { page, root } = editor;
    const path = "examples/gridworld-script.foresight.json";
    const file = join(root, path);
    const restore = page.getByRole("dialog", { name: "Restore unsaved changes?" });
    /** Reloads the page, leaving it although it has unsaved changes (playwright accepts the browser's question). */
    const reload = async () => {
      await page.reload();
      await page.getByRole("button", { name: "Add Environment" }).waitFor();
    };

    await openFromDialog(page, path);
    await description(page).fill("not saved yet");
    await reload();
    await expect.poll(() => restore.isVisible()).toBe(true);
    await screenshotAtBothSizes(page, "restore-unsaved");
    // Enter restores (the newest): the focus is on its Restore, not on a Discard.
    await page.keyboard.press("Enter");
    await expect.poll(() => description(page).inputValue()).toBe("not saved yet");
    expect(await page.title()).toBe("● gridworld-script.foresight.json — Foresight");
    expect(await notice(page)).toBe(`Restored the unsaved changes to ${path}; Save keeps them`);

    // The file changed while the page was away: Save asks, as for any change on disk.
    editOnDisk(file, "changed while away");
    await page.keyboard.press(`${mod}+s`);
    await page.getByRole("dialog", { name: "The file changed on disk" }).getByRole("button", { name: "Overwrite" }).click();
    await expect.poll(() => notice(page)).toBe(`Saved ${path}`);
    expect(JSON.parse(readFileSync(file, "utf8")).description).toBe("not saved yet");
    // Saved: nothing is left to offer.
    await reload();
    expect(await restore.count()).toBe(0);

    // An untitled pipeline's changes, discarded from the question: it is not asked again.
    await newDocument(page);
    await page.getByLabel("name", { exact: true }).fill("sketch");
    await reload();
    await restore.getByRole("button", { name: "Discard the changes to sketch" }).click();
    await expect.poll(() => restore.count()).toBe(0);
    await reload();
    expect(await restore.count()).toBe(0);
  });

  it("are not offered by a second tab while the tab making them is open, and are once it is gone", async () => {
    const { page, url } = editor;
    const path = "examples/gridworld-vgps.foresight.json";
    const backupsHold = (tab: Page, text: string) => tab.evaluate(`(localStorage.getItem("foresight.unsavedChanges") ?? "").includes(${JSON.stringify(text)})`);
    await openFromDialog(page, path);
    await description(page).fill("made in the first tab");
    await expect.poll(() => backupsHold(page, "made in the first tab")).toBe(true);

    const second = await page.context().newPage();
    await second.goto(url);
    await second.getByRole("button", { name: "Add Environment" }).waitFor();
    // The question renders with the editor, in the same frame.
    expect(await second.getByRole("dialog", { name: "Restore unsaved changes?" }).count()).toBe(0);
    // Editing the same file there keeps both tabs' changes apart.
    await openFromDialog(second, path);
    await description(second).fill("made in the second tab");
    await expect.poll(() => backupsHold(second, "made in the second tab")).toBe(true);
    expect(await backupsHold(second, "made in the first tab")).toBe(true);

    // The second tab goes: the first offers its changes (and, reloaded, its own page's).
    await second.goto("about:blank");
    await second.close();
    await page.reload();
    await page.getByRole("button", { name: "Add Environment" }).waitFor();
    const restore = page.getByRole("dialog", { name: "Restore unsaved changes?" });
    await expect.poll(() => restore.getByRole("listitem").count()).toBe(2);
    await restore.getByRole("button", { name: /^Discard the changes/ }).first().click();
    await expect.poll(() => restore.getByRole("listitem").count()).toBe(1);
    await restore.getByRole("button", { name: /^Discard the changes/ }).click();
    await expect.poll(() => restore.count()).toBe(0);
  });
});
