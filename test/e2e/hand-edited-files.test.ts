import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { formatPipeline } from "../../runtime/pipeline/format.js";
import { chromium, needs } from "../fixtures/requirements.js";
import { dragHandle, editorForFile, mod, openFromDialog, restingCardBoxes, screenshotAtBothSizes } from "./editor-harness.js";

// A pipeline file kept in git and edited by hand as well as in the editor: whatever the editor did
// not change is written back as it was (as `foresight format` writes it), and never dropped unsaid.

const editor = editorForFile();

/** A pipeline file as a test edits it by hand. */
type Item = Record<string, unknown> & { position?: Record<string, unknown> };
type PipelineFile = Record<string, unknown> & { run?: Record<string, unknown>; nodes: Item[]; edges: Item[]; notes?: Item[]; groups?: Item[] };

function vgps(): PipelineFile {
  return JSON.parse(readFileSync(join(editor.root, "examples/gridworld-vgps.foresight.json"), "utf8")) as PipelineFile;
}

/** Writes `file` as a user would (not in the stable format) and opens it; answers its path under the root. */
async function openHandWritten(page: Page, name: string, file: PipelineFile): Promise<string> {
  const path = `examples/${name}.foresight.json`;
  writeFileSync(join(editor.root, path), JSON.stringify(file, null, 4));
  await openFromDialog(page, path);
  return path;
}

const onDisk = (path: string) => readFileSync(join(editor.root, path), "utf8");
const problems = (page: Page) => page.getByRole("region", { name: "Problems" });
const notice = (page: Page) => page.getByTestId("notice").textContent();

async function save(page: Page, path: string): Promise<void> {
  await page.keyboard.press(`${mod}+s`);
  await expect.poll(() => notice(page)).toContain(`Saved ${path}`);
}

describe("a file edited by hand", needs(chromium()), () => {
  it("refuses to save nodes or notes that share an id, and leaves the file as it was", async () => {
    const { page } = editor;
    const file = vgps();
    file.nodes[3]!.id = "sampler";
    file.notes = [
      { id: "a", text: "first", position: { x: 0, y: 300 } },
      { id: "a", text: "second", position: { x: 300, y: 300 } },
    ];
    const path = await openHandWritten(page, "merged", file);
    const written = onDisk(path);
    await expect.poll(() => notice(page)).toContain('two nodes are called "sampler"; two notes are called "a"');
    await expect.poll(() => problems(page).textContent()).toContain('id "sampler" is already used by /nodes/2');
    await screenshotAtBothSizes(page, "duplicate-ids");

    await page.keyboard.press(`${mod}+s`);
    await expect.poll(() => notice(page)).toContain(`Could not save ${path}: two nodes are called "sampler"`);
    expect(onDisk(path)).toBe(written);
  }, 60_000);

  it("lists the keys validate rejects, and a save keeps them", async () => {
    const { page } = editor;
    const file = vgps();
    file["//"] = "kept in git";
    file.nodes[3]!.description = "the oracle";
    file.nodes[3]!.position!.z = 2;
    file.edges[0]!.label = "world";
    file.notes = [{ id: "why", text: "Why V-GPS", position: { x: 0, y: 300 }, size: { width: 260, height: 160 }, author: "kim" }];
    file.groups = [{ id: "search", name: "Search", colour: "blue", nodes: ["sampler", "q"], collapsed: true }];
    const path = await openHandWritten(page, "unknown-keys", file);
    await expect.poll(() => problems(page).getByRole("heading").textContent()).toBe("Problems 6");
    for (const key of ['"z"', '"description"', '"label"', '"//"', '"author"', '"collapsed"']) expect(await problems(page).textContent()).toContain(`unknown field ${key}`);
    await screenshotAtBothSizes(page, "unknown-item-keys", problems(page));

    await save(page, path);
    expect(onDisk(path)).toBe(formatPipeline(file));

    await problems(page).getByRole("button", { name: 'Remove "description" from node q' }).click();
    await expect.poll(() => problems(page).getByRole("heading").textContent()).toBe("Problems 5");
    await save(page, path);
    delete file.nodes[3]!.description;
    expect(onDisk(path)).toBe(formatPipeline(file));
  }, 60_000);

  it("saves an unchanged file as `foresight format` writes it: no defaults, titles or positions filled in", async () => {
    const { page } = editor;
    const file = vgps();
    file.run = { episodes: 50, maxStep: 100 };
    delete file.nodes[5]!.title;
    delete file.nodes[6]!.position;
    const path = await openHandWritten(page, "hand-written", file);
    await save(page, path);
    expect(onDisk(path)).toBe(formatPipeline(file));
    expect((JSON.parse(onDisk(path)) as PipelineFile).run).toEqual({ episodes: 50, maxStep: 100 });
  }, 60_000);

  it("keeps entries the canvas cannot show where they were, lists each in Problems, and fixes the items after them", async () => {
    const { page } = editor;
    const file = vgps();
    file.nodes.splice(2, 0, 5 as never);
    file.nodes[4]!.description = "the oracle";
    file.edges.splice(1, 0, { from: "executor", to: "env.action" });
    file.notes = ["a note" as never];
    const path = await openHandWritten(page, "unreadable", file);
    await expect.poll(() => problems(page).textContent()).toContain("/edges/1/from");
    for (const pointer of ["/nodes/2", "/notes/0", "/nodes/4/description"]) expect(await problems(page).textContent()).toContain(pointer);
    expect(await problems(page).textContent()).toContain('must look like "nodeId.port"');
    await screenshotAtBothSizes(page, "unreadable-entries", problems(page));

    await save(page, path);
    expect(onDisk(path)).toBe(formatPipeline(file));
    await problems(page).getByRole("button", { name: `Remove "description" from node ${file.nodes[4]!.id as string}` }).click();
    await expect.poll(() => problems(page).textContent()).not.toContain("/nodes/4/description");
    await save(page, path);
    delete file.nodes[4]!.description;
    expect(onDisk(path)).toBe(formatPipeline(file));
  }, 60_000);

  it("removes an edge from a missing node from its problem, or lets a new edge into its input take its place", async () => {
    const { page } = editor;
    const file = vgps();
    file.edges[8]!.from = "executr.transition";
    const path = await openHandWritten(page, "dangling", file);
    const remove = problems(page).getByRole("button", { name: "Remove edge executr.transition → dataset.transition" });
    await remove.waitFor();
    await screenshotAtBothSizes(page, "dangling-edge", problems(page));

    await restingCardBoxes(page);
    await dragHandle(page, "out:executor:transition", "in:dataset:transition");
    await expect.poll(() => problems(page).getByRole("heading").textContent()).toBe("Problems 0");
    await save(page, path);
    expect((JSON.parse(onDisk(path)) as PipelineFile).edges).toEqual(vgps().edges.filter((edge) => edge["from"] !== "executor.transition").concat([{ from: "executor.transition", to: "dataset.transition" }]));

    await openHandWritten(page, "dangling", file);
    await problems(page).getByRole("button", { name: "Remove edge executr.transition → dataset.transition" }).click();
    await expect.poll(() => problems(page).textContent()).not.toContain('no valid node "executr"');
    await save(page, path);
    expect((JSON.parse(onDisk(path)) as PipelineFile).edges).toHaveLength(10);
  }, 60_000);
});
