/**
 * Trace streaming into the editor: `foresight serve` on a scratch root, Chromium on the editor,
 * and a long run of the GridWorld value-guided pipeline at trace level "full" started from the
 * UI's Run button, with the step inspector and the Dashboard's curves showing. For DURATION
 * seconds it measures, in the page:
 *   - events/s delivered to the page (the run.events pushes its WebSocket receives),
 *   - the longest frame: PerformanceObserver "longtask" entries and requestAnimationFrame gaps,
 *   - the JS heap at start and end (CDP Performance.getMetrics, after a forced GC).
 * Goals: ≥ 5,000 events/s delivered, no frame over 50 ms, the heap flat.
 * Run: npm run bench:trace-stream   (FORESIGHT_CHROMIUM=/path/to/chromium to use another browser)
 */
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawn } from "node:child_process";
import { chromium } from "playwright-core";
import { serveEditor } from "./serve-editor.js";

const DURATION_S = Number(process.env["BENCH_SECONDS"] ?? 20);
const CHROMIUM = process.env["FORESIGHT_CHROMIUM"] ?? "/usr/bin/chromium";
/** BENCH_HIDE=<CSS selector>: hide part of the editor (display: none), to see what its drawing costs. */
const HIDE = process.env["BENCH_HIDE"];
/** BENCH_PROFILE=1: also print the page's functions by self time (CDP CPU profile). */
const PROFILE = process.env["BENCH_PROFILE"] === "1";
/** BENCH_SCREENSHOT=<file.png>: the page as the measuring ends, the run still going. */
const SCREENSHOT = process.env["BENCH_SCREENSHOT"];
/** BENCH_LOAD=<n>: n busy processes beside the run, a machine shared with other work. */
const LOAD = Number(process.env["BENCH_LOAD"] ?? 0);
const EXAMPLES = new URL("../../examples", import.meta.url).pathname;

interface FrameStats {
  longTasks: number[];
  rafMax: number;
  rafOver50: number;
  frames: number;
}

/** Installed in the page before the editor's own scripts (browser code, as text: this file compiles for Node). */
const INSTRUMENT = `
  const bench = { longTasks: [], rafMax: 0, rafOver50: 0, frames: 0, last: 0,
    reset() { bench.longTasks = []; bench.rafMax = 0; bench.rafOver50 = 0; bench.frames = 0; bench.last = performance.now(); } };
  new PerformanceObserver((list) => { for (const entry of list.getEntries()) bench.longTasks.push(entry.duration); })
    .observe({ type: "longtask", buffered: false });
  const tick = (now) => {
    if (bench.last) { const gap = now - bench.last; bench.rafMax = Math.max(bench.rafMax, gap); if (gap > 50) bench.rafOver50++; bench.frames++; }
    bench.last = now;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  window.__bench = bench;
`;

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples?: number[];
  timeDeltas?: number[];
}

function printProfile(profile: CpuProfile) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  (profile.samples ?? []).forEach((id, i) => {
    const frame = byId.get(id)!.callFrame;
    const name = `${frame.functionName || "(anonymous)"} ${frame.url.split("/").at(-1)}:${frame.lineNumber}`;
    self.set(name, (self.get(name) ?? 0) + (profile.timeDeltas?.[i] ?? 0) / 1000);
  });
  console.log("  page CPU by function (self ms):");
  for (const [name, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`    ${ms.toFixed(0).padStart(7)}  ${name}`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function main() {
  const root = mkdtempSync(join(tmpdir(), "foresight-bench-stream-"));
  cpSync(EXAMPLES, join(root, "examples"), { recursive: true });
  const { server, url } = await serveEditor(root);
  const hogs = Array.from({ length: LOAD }, () => spawn(process.execPath, ["-e", "for (;;);"], { stdio: "ignore" }));

  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-gpu", "--enable-precise-memory-info"] });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.addInitScript({ content: INSTRUMENT });
    let events = 0;
    let dropped = 0;
    let frames = 0;
    let bytes = 0;
    let largest = 0;
    page.on("websocket", (socket) =>
      socket.on("framereceived", ({ payload }) => {
        const text = typeof payload === "string" ? payload : payload.toString();
        if (!text.includes('"run.events"')) return;
        frames++;
        bytes += text.length;
        largest = Math.max(largest, text.length);
        const push = JSON.parse(text) as { events?: unknown[]; dropped?: number };
        events += push.events?.length ?? 0;
        dropped += push.dropped ?? 0;
      }),
    );
    await page.goto(url);
    await page.getByRole("button", { name: "Open", exact: true }).click();
    await page.getByRole("dialog").getByRole("button", { name: "examples/gridworld-vgps.foresight.json" }).click();
    await page.getByLabel("episodes", { exact: true }).fill("1000000");
    await page.getByLabel("trace", { exact: true }).selectOption("full");
    // The whole live view: step inspector (bottom) and episode curves (right).
    await page.getByRole("tab", { name: "Dashboard" }).click();
    if (HIDE) await page.addStyleTag({ content: `${HIDE} { display: none !important; }` });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Performance.enable");
    /** JS heap in MiB; a forced GC first (itself a long task: only at the start and the end). */
    const heap = async (gc = true) => {
      if (gc) await cdp.send("HeapProfiler.collectGarbage");
      const { metrics } = await cdp.send("Performance.getMetrics");
      return metrics.find((metric) => metric.name === "JSHeapUsedSize")!.value / 2 ** 20;
    };
    const heapBefore = await heap();
    await page.getByRole("button", { name: "Run", exact: true }).click();
    // A million episodes at full: the editor warns of the trace's size first.
    await page.getByRole("button", { name: "Run anyway" }).click();
    // Let the run start (workers, first episode) before measuring.
    for (const until = Date.now() + 30_000; events < 1000; ) {
      if (Date.now() > until) {
        await page.screenshot({ path: join(tmpdir(), "trace-stream-no-events.png") });
        throw new Error(`the run sent no events in 30 s (the page: ${join(tmpdir(), "trace-stream-no-events.png")})`);
      }
      await page.waitForTimeout(100);
    }
    await page.evaluate("window.__bench.reset(); Object.assign(window.__foresightIngest.stats, { flushes: 0, flushMs: 0, longestFlushMs: 0 })");
    const eventsAtStart = events;
    const [framesAtStart, bytesAtStart] = [frames, bytes];
    largest = 0;
    const droppedAtStart = dropped;
    const heapStart = await heap();
    if (PROFILE) {
      await cdp.send("Profiler.enable");
      await cdp.send("Profiler.start");
    }
    const t0 = Date.now();
    const samples: { s: number; heap: number; events: number }[] = [];
    /** Events the browser has received but the page's script has not taken yet: how far the view is behind. */
    const backlog: number[] = [];
    while (Date.now() - t0 < DURATION_S * 1000) {
      for (let i = 0; i < 5; i++) {
        await page.waitForTimeout(1000);
        const taken = (await page.evaluate("window.__foresightIngest.stats.delivered")) as number;
        backlog.push(events - taken);
      }
      samples.push({ s: Math.round((Date.now() - t0) / 1000), heap: await heap(false), events: events - eventsAtStart });
    }
    const seconds = (Date.now() - t0) / 1000;
    if (PROFILE) printProfile((await cdp.send("Profiler.stop")).profile);
    const stats = (await page.evaluate("({ ...window.__bench })")) as FrameStats;
    const updates = (await page.evaluate("({ ...window.__foresightIngest.stats })")) as { flushes: number; flushMs: number; longestFlushMs: number };
    const heapEnd = await heap();
    const status = await page.getByRole("banner").getByRole("status").textContent();
    if (SCREENSHOT) await page.screenshot({ path: SCREENSHOT });
    const stopClicked = Date.now();
    await page.getByRole("button", { name: "Stop", exact: true }).click();
    const runButton = page.getByRole("button", { name: "Run", exact: true });
    for (const until = Date.now() + 120_000; await runButton.isDisabled(); await page.waitForTimeout(50)) {
      if (Date.now() > until) throw new Error("the Run button was not enabled again 120 s after Stop");
    }
    const stopSeconds = (Date.now() - stopClicked) / 1000;
    const delivered = events - eventsAtStart;
    const longest = Math.max(0, ...stats.longTasks);
    const pushes = frames - framesAtStart;
    console.log(`trace stream into the editor, ${seconds.toFixed(1)} s of gridworld-vgps at trace level full (Chromium headless, ${CHROMIUM})${HIDE ? `, hidden: ${HIDE}` : ""}`);
    console.log(`  events delivered to the page: ${delivered} (${Math.round(delivered / seconds)} events/s); left out by the host: ${dropped - droppedAtStart}`);
    console.log(`  WebSocket pushes: ${pushes} (${(pushes / seconds).toFixed(0)}/s), ${((bytes - bytesAtStart) / seconds / 2 ** 20).toFixed(1)} MiB/s of JSON, largest ${(largest / 1024).toFixed(0)} KiB`);
    console.log(`  frames: ${stats.frames} (${(stats.frames / seconds).toFixed(1)}/s); longest rAF gap ${stats.rafMax.toFixed(1)} ms; gaps over 50 ms: ${stats.rafOver50}`);
    console.log(`  long tasks: ${stats.longTasks.length}; longest ${longest.toFixed(1)} ms`);
    console.log(
      `  view updates: ${updates.flushes} (${(updates.flushes / seconds).toFixed(1)}/s), mean ${(updates.flushMs / Math.max(1, updates.flushes)).toFixed(1)} ms, longest ${updates.longestFlushMs.toFixed(1)} ms (events folded in + React render)`,
    );
    console.log(`  JS heap (after GC): before the run ${heapBefore.toFixed(1)} MiB, at start ${heapStart.toFixed(1)} MiB, end ${heapEnd.toFixed(1)} MiB`);
    console.log(`  heap over time (no GC): ${samples.map((sample) => `${sample.s}s ${sample.heap.toFixed(1)} MiB`).join(", ")}`);
    console.log(`  UI status at the end: ${status}`);
    console.log(`  events received by the browser, not yet taken by the page (each second): median ${median(backlog)}, largest ${Math.max(0, ...backlog)}`);
    console.log(`  Stop clicked → the Run button back: ${stopSeconds.toFixed(1)} s${LOAD > 0 ? ` (with ${LOAD} busy processes beside the run)` : ""}`);
    console.log(`  goals: ≥ 5000 events/s ${delivered / seconds >= 5000 ? "met" : "NOT met"}; no frame over 50 ms ${stats.rafOver50 === 0 && longest <= 50 ? "met" : "NOT met"}`);
  } finally {
    for (const hog of hogs) hog.kill();
    await browser.close();
    server.kill("SIGTERM");
    await new Promise((resolve) => (server.exitCode !== null ? resolve(null) : server.once("exit", resolve)));
    rmSync(root, { recursive: true, force: true });
  }
}

await main();
