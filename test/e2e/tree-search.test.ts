import { describe, expect, it } from "vitest";
import { chromium, needs } from "../fixtures/requirements.js";
import { editorForFile, openCliRun } from "./editor-harness.js";

const editor = editorForFile();

describe("a tree search's step in the inspector", needs(chromium()), () => {
  it("shows the search value column and the searched tree of the step", async () => {
    const { page } = editor;
    await page.setViewportSize({ width: 1440, height: 900 });
    await openCliRun(editor, "gridworld-best-first", 2);
    await page.getByRole("slider", { name: "Step" }).fill("3");

    const inspector = page.getByRole("region", { name: "Step inspector" });
    const headers = () => inspector.getByRole("table", { name: "Candidates" }).getByRole("columnheader").allTextContents();
    await expect.poll(() => headers().then((texts) => texts.join(" | "))).toMatch(/search value.*irreversible.*search nodes/i);

    const nodes = page.getByRole("list", { name: "Node inputs and outputs" });
    await nodes.locator("summary", { hasText: "tree-search" }).click();
    const tree = nodes.getByRole("list", { name: "Search tree" });
    await expect.poll(() => tree.textContent()).toMatch(/current state · value -?\d/);
    expect(await nodes.getByRole("figure").textContent()).toMatch(/best-first · \d+ states simulated · (stopped by its budget|searched everything in reach)/);
    // The root's children are the candidates' first steps, named as the environment names its actions.
    const firstLevel = await tree.locator(":scope > li > details > ul > li").allTextContents();
    expect(firstLevel.length).toBeGreaterThan(0);
    for (const text of firstLevel) expect(text).toMatch(/^(up|right|down|left) · value/);
    await tree.scrollIntoViewIfNeeded();
    await page.screenshot({ path: "test/e2e/screenshots/tree-search-light.png" });
  }, 60_000);
});
