import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { LARGE_NODES, largePipeline } from "../../bench/large-pipeline.js";
import { chromium, needs } from "../fixtures/requirements.js";
import { cardBoxes, editorForFile, openFromDialog, pauseRun, type Box, runStatus } from "./editor-harness.js";

const editor = editorForFile({
  prepare(editor) {
    mkdirSync(join(editor.root, "large"));
    writeFileSync(join(editor.root, "large/large-graph.foresight.json"), JSON.stringify(largePipeline(), null, 2));
  },
});

const zoom = (page: Page) => page.evaluate("new DOMMatrix(getComputedStyle(document.querySelector('.react-flow__viewport')).transform).a") as Promise<number>;
const inside = (inner: Box, outer: Box) =>
  inner.x >= outer.x - 1 && inner.y >= outer.y - 1 && inner.x + inner.width <= outer.x + outer.width + 1 && inner.y + inner.height <= outer.y + outer.height + 1;
/** The smallest on-screen size of the compact cards' titles, in px (their font size times the zoom). */
const compactTitlePx = (page: Page) =>
  page.evaluate(`(() => {
    const zoom = new DOMMatrix(getComputedStyle(document.querySelector('.react-flow__viewport')).transform).a;
    return Math.min(...[...document.querySelectorAll('.compact-title')].map((title) => parseFloat(getComputedStyle(title).fontSize) * zoom));
  })()`) as Promise<number>;
/** The on-screen size (font size times zoom, px) of each compact card's status text that shows (the dot alone has none). */
const compactBadgeTextPx = (page: Page) =>
  page.evaluate(`(() => {
    const zoom = new DOMMatrix(getComputedStyle(document.querySelector('.react-flow__viewport')).transform).a;
    return [...document.querySelectorAll('.node-card.compact .node-status')].filter((badge) => badge.textContent.trim()).map((badge) => parseFloat(getComputedStyle(badge).fontSize) * zoom);
  })()`) as Promise<number[]>;
const status = () => runStatus(editor.page);

async function fitView(page: Page) {
  await page.getByRole("button", { name: "Fit view" }).click();
  await page.waitForTimeout(400);
}

describe("a canvas readable at any zoom", needs(chromium()), () => {
  it("draws compact cards, named and readable, when zoomed out, and full cards again when zoomed in", async () => {
    const { page } = editor;
    for (const viewport of [{ width: 1440, height: 900 }, { width: 1280, height: 720 }]) {
      await page.setViewportSize(viewport);
      await openFromDialog(page, "examples/gridworld-vgps.foresight.json");
      const titles = (await page.evaluate("[...document.querySelectorAll('.react-flow__node [role=group]')].map((card) => card.getAttribute('aria-label'))")) as string[];
      expect(titles.length).toBeGreaterThan(5);
      await fitView(page);
      // Zoomed out past the threshold (at Fit view the template may already be).
      while ((await zoom(page)) >= 0.5) await page.getByRole("button", { name: "Zoom Out" }).click();
      await expect.poll(() => page.locator(".node-card.compact").count()).toBe(titles.length);
      for (const title of titles) await expect.poll(() => page.getByRole("group", { name: title, exact: true }).isVisible()).toBe(true);
      // Each keeps its status badge and its port dots, by name.
      expect(await page.getByRole("group", { name: titles[0]!, exact: true }).getByRole("img", { name: /^status: idle/ }).count()).toBe(1);
      expect(await page.getByRole("group", { name: titles[0]!, exact: true }).getByLabel(/^(input|output) /).count()).toBeGreaterThan(0);
      // At Fit view the template is drawn at about 0.35–0.45: its 30 px titles are 10 px or more on screen; the full card's 14 px would be 5–6.
      await fitView(page);
      if ((await zoom(page)) < 0.6) expect(await compactTitlePx(page)).toBeGreaterThanOrEqual(10);
      // The status badges' text shows where it reads at 10 px or more (at 1440×900's Fit view), and only the dot where it would not.
      const badges = await compactBadgeTextPx(page);
      for (const px of badges) expect(px).toBeGreaterThanOrEqual(10);
      if (viewport.width === 1440) expect(badges.length).toBe(titles.length);
      expect(await page.getByRole("group", { name: titles[0]!, exact: true }).getByRole("img", { name: /^status: idle/ }).count()).toBe(1);
      for (const scheme of ["light", "dark"] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await page.screenshot({ path: `test/e2e/screenshots/compact-cards-${viewport.width}x${viewport.height}-${scheme}.png` });
      }
      await page.emulateMedia({ colorScheme: "light" });
      // Zoomed in again: the full cards, with their params.
      while ((await zoom(page)) < 0.7) await page.getByRole("button", { name: "Zoom In" }).click();
      await expect.poll(() => page.locator(".node-card.compact").count()).toBe(0);
      expect(await page.locator(".node-card-params li").count()).toBeGreaterThan(0);
    }
    await page.setViewportSize({ width: 1440, height: 900 });
  }, 90_000);

  it("fits all 500 cards of a large pipeline inside the canvas, before and after auto layout, which keeps its chains side by side", async () => {
    const { page } = editor;
    await openFromDialog(page, "large/large-graph.foresight.json");
    await expect.poll(() => page.locator(".react-flow__node").count(), { timeout: 20_000 }).toBe(LARGE_NODES);
    await fitView(page);
    const pane = (await page.locator(".react-flow").boundingBox())!;
    const outside = (boxes: Box[]) => boxes.filter((card) => !inside(card, pane)).length;
    expect(outside(await cardBoxes(page))).toBe(0);
    await expect.poll(() => page.getByRole("group", { name: "policy policy-42", exact: true }).isVisible()).toBe(true);
    await page.screenshot({ path: "test/e2e/screenshots/large-graph-fit-1440x900.png" });

    await page.getByRole("button", { name: "Auto layout" }).click();
    // Laid out (positions change) and fitted again.
    const before = JSON.stringify(await cardBoxes(page));
    await expect.poll(async () => JSON.stringify(await cardBoxes(page)) !== before, { timeout: 20_000 }).toBe(true);
    await page.waitForTimeout(600);
    await fitView(page);
    const laid = await cardBoxes(page);
    expect(outside(laid)).toBe(0);
    // Side by side: the graph fills the canvas's width as much as its height (one column of 150 chains would be a thin strip).
    const width = Math.max(...laid.map((b) => b.x + b.width)) - Math.min(...laid.map((b) => b.x));
    const height = Math.max(...laid.map((b) => b.y + b.height)) - Math.min(...laid.map((b) => b.y));
    expect(width / height).toBeGreaterThan(0.5 * (pane.width / pane.height));
    await page.screenshot({ path: "test/e2e/screenshots/large-graph-laid-out-1440x900.png" });
  }, 120_000);
});

describe("the trace size question", needs(chromium()), () => {
  const dialog = () => editor.page.getByRole("dialog", { name: "This run's trace will be large" });
  const runFolders = () => (existsSync(join(editor.root, "runs")) ? readdirSync(join(editor.root, "runs")).sort() : []);
  const traceLevelOf = (folder: string) => (JSON.parse(readFileSync(join(editor.root, "runs", folder, "trace.jsonl"), "utf8").split("\n")[0]!) as { traceLevel: string }).traceLevel;

  async function runVgps(episodes: string) {
    const { page } = editor;
    await page.getByRole("tab", { name: "Inspector" }).click();
    await page.getByLabel("episodes", { exact: true }).fill(episodes);
    await page.getByRole("button", { name: "Run", exact: true }).click();
  }

  async function stop() {
    await expect.poll(status, { timeout: 20_000 }).toMatch(/^Running: /);
    await editor.page.getByRole("button", { name: "Stop", exact: true }).click();
    await expect.poll(status, { timeout: 20_000 }).toContain("Run stopped");
  }

  it("asks before 100,000 episodes at full, with an upper bound; Cancel starts nothing and Run with steps starts a steps run", async () => {
    const { page } = editor;
    await openFromDialog(page, "examples/gridworld-vgps.foresight.json");
    await runVgps("100000");
    await expect.poll(() => dialog().textContent()).toMatch(/may write up to [\d.]+ GB to trace\.jsonl: an upper bound, each episode running all 100 steps/);
    await page.screenshot({ path: "test/e2e/screenshots/trace-size-dialog-1440x900.png" });
    await dialog().getByRole("button", { name: "Cancel" }).click();
    expect(await dialog().count()).toBe(0);
    await page.waitForTimeout(500);
    expect(runFolders()).toEqual([]);

    await page.getByRole("button", { name: "Run", exact: true }).click();
    await dialog().getByRole("button", { name: "Run with steps" }).click();
    // No node's calls are traced at steps: the cards follow the run, not "idle" while thousands of steps play.
    await expect.poll(() => page.getByTestId("status:q").getAttribute("aria-label"), { timeout: 20_000 }).toBe("status: running (this run traces no node's calls)");
    // …and pause with it (they said "running" while the run was paused).
    await pauseRun(page);
    await expect.poll(() => page.getByTestId("status:q").getAttribute("aria-label")).toBe("status: paused (this run traces no node's calls)");
    await page.getByRole("button", { name: "Stop", exact: true }).click();
    await expect.poll(status, { timeout: 20_000 }).toContain("Run stopped");
    expect(await page.getByTestId("status:q").getAttribute("aria-label")).toBe("status: done (this run traces no node's calls)");
    const [folder] = runFolders();
    expect(traceLevelOf(folder!)).toBe("steps");
    // The pipeline keeps its own level.
    expect(await page.getByLabel("trace", { exact: true }).inputValue()).toBe("full");
  }, 90_000);

  it("measures from the pipeline's last full run when there is one; Run anyway runs at full", async () => {
    const { page } = editor;
    await openFromDialog(page, "examples/gridworld-vgps.foresight.json");
    // A short run asks nothing, and gives the next estimate its measure.
    await runVgps("20");
    await expect.poll(status, { timeout: 30_000 }).toMatch(/Run completed — 20 episodes/);
    expect(await dialog().count()).toBe(0);
    const measured = runFolders().find((folder) => traceLevelOf(folder) === "full")!;

    await runVgps("100000");
    await expect.poll(() => dialog().textContent()).toMatch(new RegExp(`will write about [\\d.]+ (MB|GB) to trace\\.jsonl: measured from this pipeline's last run at that level, runs/${measured}`));
    await dialog().getByRole("button", { name: "Run anyway" }).click();
    await stop();
    const newest = runFolders().filter((folder) => folder !== measured && traceLevelOf(folder) === "full");
    expect(newest).toHaveLength(1);
  }, 120_000);
});
