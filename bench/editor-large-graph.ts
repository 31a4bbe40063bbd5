/**
 * The editor on a large graph: a valid 500-node, 700-edge pipeline (large-pipeline.ts) opened in
 * headless Chromium from `foresight serve`, timing the load (click in the Open dialog → the cards in
 * view rendered and measured, the view settled) and the frames while the canvas is dragged (pan).
 * Goals: load < 1 s, frames < 33 ms.  Run: npm run bench:editor
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
const FILE = "large/large-graph.foresight.json";

const root = mkdtempSync(join(tmpdir(), "foresight-bench-editor-"));
mkdirSync(join(root, "large"));
writeFileSync(join(root, FILE), JSON.stringify(largePipeline(), null, 2));
const { server, url } = await serveEditor(root);

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

/** Drags the canvas in circles for PAN_MS while the page records every frame; the frame-to-frame times, sorted. */
async function panFrames(page: Page): Promise<{ deltas: number[]; moves: number }> {
  await page.evaluate(RECORD_FRAMES);
  const pane = await page.locator(".react-flow__pane").boundingBox();
  if (!pane) throw new Error("the canvas pane is not visible");
  const centre = { x: pane.x + pane.width / 2, y: pane.y + pane.height / 2 };
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

const describe = ({ deltas, moves }: { deltas: number[]; moves: number }) =>
  `${deltas.length} frames over ${PAN_MS} ms, ${moves} mouse moves: median ${ms(percentile(deltas, 50))}, p95 ${ms(percentile(deltas, 95))}, max ${ms(deltas.at(-1) ?? NaN)}`;

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

  const pan = await panFrames(page);
  const medianLoad = [...loads].sort((a, b) => a - b)[Math.floor(loads.length / 2)]!;
  console.log(`editor-large-graph: ${LARGE_NODES} nodes; ${rendered} cards and ${edges} edges rendered; load average ${loadavg()[0]!.toFixed(1)}`);
  console.log(`  load (Open → cards rendered and measured): median ${ms(medianLoad)} of ${loads.map(ms).join(", ")}   goal < 1000 ms ${medianLoad < 1000 ? "✓" : "✗"}`);
  console.log(`  pan (${describe(pan)})   goal < 33 ms ${percentile(pan.deltas, 95) < 33 ? "✓" : "✗"}`);
  console.log(`  pan, empty canvas (this machine's floor): ${describe(floor)}`);
} finally {
  await browser.close();
  server.kill("SIGTERM");
  rmSync(root, { recursive: true, force: true });
}
