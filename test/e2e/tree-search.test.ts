import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { chromium, needs } from "../fixtures/requirements.js";
import { editorForFile, openCliRun, openFromDialog, screenshotAtBothSizes } from "./editor-harness.js";

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
    for (const text of firstLevel) expect(text).toMatch(/^(up|right|down|left)( · executed)? · search value -?\d[\d.]* · value/);
    await tree.scrollIntoViewIfNeeded();
    await page.screenshot({ path: "test/e2e/screenshots/tree-search-light.png" });
  }, 60_000);

  it("marks the executed first step and gives each first step the search value the executor ranked it by", async () => {
    const { page } = editor;
    await page.setViewportSize({ width: 1440, height: 900 });
    await openCliRun(editor, "gridworld-best-first", 1);
    await page.getByRole("slider", { name: "Step" }).fill("4");
    const inspector = page.getByRole("region", { name: "Step inspector" });
    await expect.poll(() => inspector.getByTestId("step-outcome").textContent()).toMatch(/action \d \((up|right|down|left)\)/);
    const executed = /\((\w+)\)/.exec((await inspector.getByTestId("step-outcome").textContent())!)![1]!;

    const nodes = page.getByRole("list", { name: "Node inputs and outputs" });
    await nodes.locator("summary", { hasText: "tree-search" }).click();
    const tree = nodes.getByRole("list", { name: "Search tree" });
    const firstLevel = tree.locator(":scope > li > details > ul > li");
    await expect.poll(() => firstLevel.count()).toBeGreaterThan(1);

    // The executed one, and only it, is marked: to the eye and in its accessible name.
    const marked = tree.locator("li[aria-current=true]");
    expect(await marked.count()).toBe(1);
    expect(await marked.getAttribute("aria-label")).toMatch(new RegExp(`^${executed}, executed, search value -?\\d`));
    expect(await marked.locator(".search-state").first().textContent()).toMatch(new RegExp(`^${executed} · executed · search value`));

    // Each first step's search value is the candidate table's.
    const table = inspector.getByRole("table", { name: "Candidates" });
    const headers = await table.getByRole("columnheader").allTextContents();
    const column = headers.findIndex((text) => /search value/i.test(text));
    const tableValues = new Map<string, number>();
    for (const row of await table.locator("tbody tr").all()) {
      const cells = await row.locator("td").allTextContents();
      const action = /\((\w+)\)/.exec(cells[headers.findIndex((text) => /^action/i.test(text))]!)![1]!;
      if (cells[column] !== "") tableValues.set(action, Number(cells[column]));
    }
    const count = await firstLevel.count();
    for (let i = 0; i < count; i++) {
      const name = (await firstLevel.nth(i).getAttribute("aria-label"))!;
      const [, action, value] = /^(\w+)(?:, executed)?, search value (-?[\d.]+)/.exec(name)!;
      expect(Number(value)).toBeCloseTo(tableValues.get(action!)!, 3);
    }

    // The expansion order says what it is, and the node's ports and tree read at the candidate table's size.
    expect(await nodes.getByRole("figure").textContent()).toMatch(/#n: the order states were expanded in/);
    // The browser's getComputedStyle; the tests compile without the DOM library.
    type Styles = { getComputedStyle(element: unknown): { fontSize: string } };
    const smallest = (locator: typeof tree) =>
      locator.evaluateAll((elements) => Math.min(...elements.map((element) => parseFloat((globalThis as unknown as Styles).getComputedStyle(element).fontSize))));
    const tableSize = await smallest(table.locator("td"));
    // Only the search node is open: its ports and tree are the only ones drawn.
    const texts = nodes.locator(".ports .mono, .search-tree figcaption, .search-state, .search-state *");
    expect(await texts.count()).toBeGreaterThan(10);
    expect(await smallest(texts)).toBeGreaterThanOrEqual(tableSize);
    await screenshotAtBothSizes(page, "tree-search-executed", marked);
  }, 60_000);

  it("asks before a run whose search trees would make a multi-GB trace (10000 states a step, 200 episodes)", async () => {
    const { page, root } = editor;
    const doc = JSON.parse(readFileSync(join(root, "examples/gridworld-best-first.foresight.json"), "utf8")) as { nodes: { id: string; params: Record<string, unknown> }[] };
    Object.assign(doc.nodes.find((node) => node.id === "search")!.params, { maxNodes: 10_000, maxDepth: 30, branching: 4 });
    // Beside the template, so its model path still resolves.
    writeFileSync(join(root, "examples/wide-search.foresight.json"), JSON.stringify(doc));
    const runsBefore = existsSync(join(root, "runs")) ? readdirSync(join(root, "runs")).length : 0;
    await openFromDialog(page, "examples/wide-search.foresight.json");
    await page.getByRole("button", { name: "Run", exact: true }).click();

    const dialog = page.getByRole("dialog", { name: "This run's trace will be large" });
    await expect.poll(() => dialog.textContent()).toMatch(/may write up to [\d.]+ (GB|TB) to trace\.jsonl: an upper bound.* search trees of up to 10,020 states a step/);
    await screenshotAtBothSizes(page, "trace-size-dialog-search");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await page.waitForTimeout(500);
    expect(existsSync(join(root, "runs")) ? readdirSync(join(root, "runs")).length : 0).toBe(runsBefore);
  }, 60_000);
});
