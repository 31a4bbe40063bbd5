/**
 * The editor on a large graph: a valid 500-node, 700-edge pipeline (large-pipeline.ts) opened in
 * headless Chromium from `foresight serve`, timing the load (click in the Open dialog → the cards in
 * view rendered and measured, the view settled) and the frames while the canvas is dragged (pan).
 * Goals: load < 1 s, frames < 33 ms.  Run: npm run bench:editor
 *
 * BENCH_BASELINE=<folder>: also measure another build (a folder with that build's bin/ and dist/, e.g. a
 * copy made before a change), in alternating rounds in the same run, and print both side by side.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Page } from "playwright-core";
import { LARGE_NODES, largePipeline } from "./large-pipeline.js";
import { serveEditor } from "./serve-editor.js";

const CHROMIUM = process.env["FORESIGHT_CHROMIUM"] ?? "/usr/bin/chromium";
const PAN_MS = Number(process.env["BENCH_PAN_MS"] ?? 3000);
const LOADS = Number(process.env["BENCH_LOADS"] ?? 3);
const BASELINE = process.env["BENCH_BASELINE"];
const ROUNDS = Number(process.env["BENCH_ROUNDS"] ?? (BASELINE ? 2 : 1));
const FILE = "large/large-graph.foresight.json";
/** A CSS selector of parts of the editor to hide during the pan: what drawing them costs. */
const HIDE = process.env["BENCH_HIDE"];
/** A file to write a Chromium trace of the pan to (open it in chrome://tracing or Perfetto). */
const TRACE = process.env["BENCH_TRACE"];

const root = mkdtempSync(join(tmpdir(), "foresight-bench-editor-"));
mkdirSync(join(root, "large"));
writeFileSync(join(root, FILE), JSON.stringify(largePipeline(), null, 2));

// In-page code as text: this project's TypeScript has no DOM types.
/** Clicks the file's entry in the Open dialog and resolves with the ms until `expected` cards are rendered and measured (xyflow shows a card once it knows its size). */
const timeLoad = (file: string, expected: number) => `new Promise((resolve) => {
  const button = [...document.querySelectorAll("[role=dialog] button")].find((b) => b.textContent === ${JSON.stringify(file)});
  const start = performance.now();
  button.click();
  // Done when every card is rendered and measured, or (a large graph renders only what is in view) when the
  // rendered cards are all measured and neither they nor the view (fitView after the load) change for 10 frames.
  let settled = { key: "", since: 0, frames: 0 };
  const check = () => {
    const cards = [...document.querySelectorAll(".react-flow__node")];
    const measured = cards.length > 0 && cards.every((card) => card.style.visibility !== "hidden");
    if (measured && cards.length >= ${expected}) return resolve(performance.now() - start);
    const key = measured ? cards.length + " " + document.querySelector(".react-flow__viewport").style.transform : "";
    if (key !== settled.key) settled = { key, since: performance.now(), frames: 0 };
    else if (key !== "" && ++settled.frames === 10) return resolve(settled.since - start);
    requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})`;
/** Records every animation frame's time in window.benchFrames (each pan empties it as it starts and takes what it recorded). */
const RECORD_FRAMES = `(() => {
  if (window.benchFrames) return;
  const frames = (window.benchFrames = []);
  const tick = (time) => {
    frames.push(time);
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const ms = (value: number) => `${value.toFixed(1)} ms`;

/**
 * The point nearest the canvas's middle where a press lands on the empty canvas: a press on a card
 * would drag that card instead of panning (at Fit view of 500 nodes the middle is usually a card).
 */
async function emptySpot(page: Page): Promise<{ x: number; y: number }> {
  const pane = await page.locator(".react-flow__pane").boundingBox();
  if (!pane) throw new Error("the canvas pane is not visible");
  const spot = (await page.evaluate(`(() => {
    const pane = ${JSON.stringify(pane)};
    const centre = { x: pane.x + pane.width / 2, y: pane.y + pane.height / 2 };
    const spots = [];
    for (let dx = -pane.width / 2 + 60; dx < pane.width / 2 - 60; dx += 10)
      for (let dy = -pane.height / 2 + 60; dy < pane.height / 2 - 60; dy += 10) spots.push({ x: centre.x + dx, y: centre.y + dy });
    spots.sort((a, b) => Math.hypot(a.x - centre.x, a.y - centre.y) - Math.hypot(b.x - centre.x, b.y - centre.y));
    return spots.find((p) => document.elementFromPoint(p.x, p.y)?.classList.contains("react-flow__pane")) ?? null;
  })()`)) as { x: number; y: number } | null;
  if (!spot) throw new Error("no empty spot on the canvas to drag it by");
  return spot;
}

/** Drags the canvas in circles for PAN_MS while the page records every frame; the frame-to-frame times, sorted. */
async function panFrames(page: Page): Promise<{ deltas: number[]; moves: number }> {
  await page.evaluate(RECORD_FRAMES);
  const centre = await emptySpot(page);
  await page.mouse.move(centre.x, centre.y);
  await page.evaluate("window.benchFrames.splice(0)");
  await page.mouse.down();
  const start = Date.now();
  let moves = 0;
  while (Date.now() - start < PAN_MS) {
    const angle = (Date.now() - start) / 400;
    await page.mouse.move(centre.x + 200 * Math.cos(angle), centre.y + 150 * Math.sin(angle));
    moves++;
    await page.waitForTimeout(8);
  }
  await page.mouse.up();
  const times = (await page.evaluate("window.benchFrames.splice(0)")) as number[];
  return { deltas: times.slice(1).map((time, i) => time - times[i]!).sort((a, b) => a - b), moves };
}

const describe = ({ deltas, moves }: { deltas: number[]; moves: number }, drags = 1) =>
  `${deltas.length} frames over ${drags} × ${PAN_MS} ms, ${moves} mouse moves: median ${ms(percentile(deltas, 50))}, p95 ${ms(percentile(deltas, 95))}, max ${ms(deltas.at(-1) ?? NaN)}`;

/** One build's figures over one round: loads, the pan with the graph open, and the empty canvas's pan. */
interface Measured {
  loads: number[];
  pan: { deltas: number[]; moves: number };
  floor: { deltas: number[]; moves: number };
  rendered: number;
  edges: number;
  zoom: number;
}

async function measure(bin: string | undefined): Promise<Measured> {
  const { server, url } = await serveEditor(root, bin);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu"], headless: true });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: "light" });
    page.on("pageerror", (error) => console.error("page error:", error));
    await page.goto(url);
    await page.getByRole("button", { name: "Add Environment" }).waitFor();
    // The same drag over an empty canvas: what this machine and browser manage at best.
    const floor = await panFrames(page);

    // Load: from the click on the file to every card rendered and measured.
    const loads: number[] = [];
    for (let i = 0; i < LOADS; i++) {
      await page.getByRole("button", { name: "New", exact: true }).click();
      await page.waitForFunction(`document.querySelectorAll(".react-flow__node").length === 0`);
      await page.getByRole("button", { name: "Open", exact: true }).click();
      const entry = page.getByRole("dialog").getByRole("button", { name: FILE, exact: true });
      await entry.waitFor();
      loads.push(Number(await page.evaluate(timeLoad(FILE, LARGE_NODES))));
    }
    await page.waitForTimeout(500);
    const rendered = await page.locator(".react-flow__node").count();
    const edges = await page.locator(".react-flow__edge").count();
    const zoom = Number(await page.evaluate("new DOMMatrix(getComputedStyle(document.querySelector('.react-flow__viewport')).transform).a"));
    if (HIDE) await page.addStyleTag({ content: `${HIDE} { display: none !important; }` });
    if (process.env["BENCH_CSS"]) await page.addStyleTag({ content: process.env["BENCH_CSS"] });
    if (TRACE) await browser.startTracing(page, { path: TRACE, categories: ["devtools.timeline", "disabled-by-default-devtools.timeline", "blink", "cc", "viz"] });
    const pan = await panFrames(page);
    if (TRACE) await browser.stopTracing();
    return { loads, pan, floor, rendered, edges, zoom };
  } finally {
    await browser.close();
    server.kill("SIGTERM");
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const merged = (runs: Measured[], key: "pan" | "floor") => ({
  deltas: runs.flatMap((run) => run[key].deltas).sort((a, b) => a - b),
  moves: runs.reduce((sum, run) => sum + run[key].moves, 0),
});

function report(name: string, runs: Measured[]): { load: number; p95: number } {
  const loads = runs.flatMap((run) => run.loads);
  const pan = merged(runs, "pan");
  const load = median(loads);
  const p95 = percentile(pan.deltas, 95);
  const last = runs.at(-1)!;
  console.log(`${name}: ${last.rendered} cards and ${last.edges} edges rendered at zoom ${last.zoom.toFixed(3)} after the load (its Fit view)`);
  console.log(`  load (Open → cards rendered and measured): median ${ms(load)} of ${loads.map(ms).join(", ")}   goal < 1000 ms ${load < 1000 ? "✓" : "✗"}`);
  console.log(`  pan (${describe(pan, runs.length)})   goal < 33 ms ${p95 < 33 ? "✓" : "✗"}`);
  console.log(`  pan, empty canvas (this machine's floor): ${describe(merged(runs, "floor"), runs.length)}`);
  return { load, p95 };
}

try {
  const builds: { name: string; bin: string | undefined }[] = [{ name: "this build", bin: undefined }];
  if (BASELINE) builds.push({ name: `baseline ${BASELINE}`, bin: join(BASELINE, "bin/foresight.js") });
  const runs = new Map<string, Measured[]>(builds.map((build) => [build.name, []]));
  const loadBefore = loadavg()[0]!;
  // Rounds alternate the builds (and which goes first), so both see the same machine load.
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? builds : [...builds].reverse();
    for (const build of order) runs.get(build.name)!.push(await measure(build.bin));
  }
  console.log(`editor-large-graph: ${LARGE_NODES} nodes; ${ROUNDS} round(s); load average ${loadBefore.toFixed(1)} before, ${loadavg()[0]!.toFixed(1)} after`);
  const figures = builds.map((build) => report(build.name, runs.get(build.name)!));
  if (figures.length === 2) {
    const [current, baseline] = figures as [{ load: number; p95: number }, { load: number; p95: number }];
    console.log(`  this build / baseline: load ${(current.load / baseline.load).toFixed(2)}×, pan p95 ${(current.p95 / baseline.p95).toFixed(2)}×`);
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
