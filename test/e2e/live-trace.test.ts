import { closeSync, openSync, readdirSync, readFileSync, readSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { chromium, needs } from "../fixtures/requirements.js";
import { editorForFile, openCliRun, openFromDialog, pauseRun, reloadEditor, runAnyway, runStatus } from "./editor-harness.js";
import { parseTraceLine } from "../../runtime/trace/candidate-rows.js";

const editor = editorForFile();

type TraceLine = { type: string; episode?: number; step?: number; candidates?: { q?: number }[]; action?: unknown };

const parsed = (text: string): TraceLine[] =>
  text
    .trim()
    .split("\n")
    .map((line) => parseTraceLine(line) as unknown as TraceLine);

function traceOf(runDir: string): TraceLine[] {
  return parsed(readFileSync(join(editor.root, runDir, "trace.jsonl"), "utf8"));
}

/**
 * The whole lines of a trace's first 16 MiB: a live run at `full` writes ~65 MB a second, and a
 * test that lets it play while it looks around finds a file too long for one string on a slow machine.
 */
function traceHead(runDir: string): TraceLine[] {
  const fd = openSync(join(editor.root, runDir, "trace.jsonl"), "r");
  try {
    const bytes = Buffer.alloc(16 * 1024 * 1024);
    const length = readSync(fd, bytes, 0, bytes.length, 0);
    return parsed(bytes.toString("utf8", 0, bytes.lastIndexOf(0x0a, length - 1) + 1));
  } finally {
    closeSync(fd);
  }
}

const status = () => runStatus(editor.page);
const steps = () => status().then((text) => Number(/(\d+(?:,\d{3})*) steps?\b/.exec(text ?? "")?.[1]?.replaceAll(",", "")));
const inspector = (page: Page) => page.getByRole("region", { name: "Step inspector" });

/** The step the inspector shows and its candidates' Q column, as the user reads them. */
async function shownStep(page: Page) {
  // Numbers with thousands separators ("Episode 1,204, step 7").
  const heading = await inspector(page).getByRole("heading", { name: /^Episode [\d,]+, step [\d,]+$/ }).textContent();
  const [, episode, step] = /Episode ([\d,]+), step ([\d,]+)/.exec(heading ?? "")!.map((number) => Number(number.replaceAll(",", "")));
  const table = inspector(page).getByRole("table", { name: "Candidates" });
  const headers = await table.getByRole("columnheader").allTextContents();
  const qIndex = headers.findIndex((text) => text.trim().startsWith("Q"));
  const qs = await table.locator(`tbody tr td:nth-child(${qIndex + 1})`).allTextContents();
  return { episode: episode!, step: step!, headers, qs };
}

/** Steps while the count holds still for a moment (a paused run). */
async function settledSteps(): Promise<number> {
  let last = -1;
  for (;;) {
    const now = await steps();
    if (now === last) return now;
    last = now;
    await editor.page.waitForTimeout(400);
  }
}

describe("live trace inspection", needs(chromium()), () => {
  it("shows a running V-GPS run live: badges, 16 candidates with Q; Pause holds, Step adds exactly one; the UI matches trace.jsonl", async () => {
    const { page } = editor;
    await openFromDialog(page, "examples/gridworld-vgps.foresight.json");
    await page.getByLabel("episodes", { exact: true }).fill("100000");
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await runAnyway(page);
    await expect.poll(steps, { timeout: 15_000 }).toBeGreaterThan(50);
    const growing = await steps();
    await expect.poll(steps).toBeGreaterThan(growing);

    // Node badges: each card names its status and last duration.
    await expect.poll(() => page.getByTestId("node:q").getByRole("img", { name: /^status: (done|running)/ }).count()).toBe(1);
    expect(await page.getByTestId("status:q").getAttribute("aria-label")).toMatch(/status: (done|running), [\d.]+ (ms|µs|ns)/);

    await pauseRun(page);
    const paused = await settledSteps();
    await page.waitForTimeout(600);
    expect(await steps()).toBe(paused);

    await page.getByRole("button", { name: "Step", exact: true }).click();
    await expect.poll(steps).toBe(paused + 1);
    await page.waitForTimeout(600);
    expect(await steps()).toBe(paused + 1);

    // The step inspector follows live: the newest step, 16 candidates, each with a Q value.
    await expect.poll(() => inspector(page).getByRole("heading", { name: /Candidates \(16\)$/ }).count()).toBe(1);
    const shown = await shownStep(page);
    expect(shown.headers.map((h) => h.trim())).toEqual(expect.arrayContaining(["action", "log-prob", "Q", "risk", "filtered", "selected"]));
    expect(shown.qs).toHaveLength(16);
    for (const q of shown.qs) expect(q).toMatch(/^-?\d+\.\d{4}$|^-?\d+$/);
    expect(await page.getByRole("img", { name: /^Environment: agent at row \d+, column \d+/ }).count()).toBe(1);

    await page.getByRole("button", { name: "Stop", exact: true }).click();
    await expect.poll(status, { timeout: 20_000 }).toContain("Run stopped");
    const runDir = / · (runs\/\S+)$/.exec((await status()) ?? "")![1]!;
    const events = traceOf(runDir);
    const stepEnds = events.filter((event) => event.type === "step.end");
    // Every step the UI counted is in the file, and the step it shows is the file's.
    expect(stepEnds.length).toBeGreaterThanOrEqual(paused + 1);
    const fileStep = stepEnds.find((event) => event.episode === shown.episode && event.step === shown.step)!;
    expect(fileStep).toBeDefined();
    expect(fileStep.candidates!.map((row) => row.q!.toFixed(4).replace(/\.?0+$/, ""))).toEqual(shown.qs.map((q) => Number(q).toFixed(4).replace(/\.?0+$/, "")));
  }, 60_000);

  it("scrubs back, during a live run, to a step no longer in memory: it is read from trace.jsonl", async () => {
    const { page } = editor;
    // At `steps` (a step.end holds the candidates): at the file's `full` this run writes ~65 MB a
    // second to trace.jsonl, a lot of disk for a test.
    await page.locator(".react-flow__pane").click({ position: { x: 600, y: 30 } });
    await page.getByLabel("trace", { exact: true }).selectOption("steps");
    await page.getByRole("button", { name: "Run", exact: true }).click();
    // The view keeps the last 200 steps' detail: episode 0 is long gone after 40 episodes.
    await expect.poll(() => status().then((text) => Number(/([\d,]+)\/[\d,]+ successes/.exec(text ?? "")?.[1]?.replaceAll(",", ""))), { timeout: 20_000 }).toBeGreaterThan(40);
    await inspector(page).getByRole("checkbox", { name: "Follow live" }).uncheck();
    await page.getByRole("slider", { name: "Episode" }).fill("0");
    // Episode 0 is read back from trace.jsonl first (it opens at its first step): only then is there a step 3 to go to.
    await expect.poll(() => shownStep(page).then((s) => s.episode), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => page.getByRole("slider", { name: "Step" }).getAttribute("max").then(Number), { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
    await page.getByRole("slider", { name: "Step" }).fill("3");
    await expect.poll(() => shownStep(page).then((s) => `${s.episode}:${s.step}:${s.qs.length}`), { timeout: 10_000 }).toBe("0:3:16");
    const shown = await shownStep(page);
    // The run goes on while the view stays put.
    const before = await steps();
    await expect.poll(steps).toBeGreaterThan(before);
    expect(await shownStep(page)).toEqual(shown);
    await page.getByRole("button", { name: "Stop", exact: true }).click();
    await expect.poll(status, { timeout: 20_000 }).toContain("Run stopped");
    const runDir = / · (runs\/\S+)$/.exec((await status()) ?? "")![1]!;
    const fileStep = traceHead(runDir).find((event) => event.type === "step.end" && event.episode === 0 && event.step === 3)!;
    expect(fileStep.candidates!.map((row) => Number(row.q!.toFixed(4)))).toEqual(shown.qs.map(Number));
    // The file's level again, for the tests after this one.
    await page.locator(".react-flow__pane").click({ position: { x: 600, y: 30 } });
    await page.getByLabel("trace", { exact: true }).selectOption("full");
  }, 60_000);

  it("goes to the step picked on the Step slider after following a live run onto an episode's first step", async () => {
    // There the slider's max is 0 and Chromium clamps its value, unseen by React: a later pick of the
    // step shown before (the last of the previous episode) was ignored.
    const { page } = editor;
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await runAnyway(page);
    await pauseRun(page);
    const heading = () => shownStep(page).then((s) => `${s.episode}:${s.step}`);
    // One step at a time until the view moves from an episode's last step (not its first) onto the next episode.
    let before = await heading();
    let now = before;
    for (let i = 0; i < 200 && !(now.endsWith(":0") && !before.endsWith(":0")); i++) {
      before = now;
      await page.getByRole("button", { name: "Step", exact: true }).click();
      await expect.poll(heading).not.toBe(before);
      now = await heading();
    }
    expect(now).toMatch(/:0$/);
    expect(await page.locator(".scrubber output").textContent()).toBe("0 (last)");
    const [episode, lastStep] = before.split(":");
    await inspector(page).getByRole("checkbox", { name: "Follow live" }).uncheck();
    await page.getByRole("slider", { name: "Episode" }).fill(episode!);
    await expect.poll(heading).toBe(`${episode}:0`);
    await page.getByRole("slider", { name: "Step" }).fill(lastStep!);
    await expect.poll(heading).toBe(before);
    await page.getByRole("button", { name: "Stop", exact: true }).click();
    await expect.poll(status, { timeout: 20_000 }).toContain("Run stopped");
  }, 60_000);

  it("re-opens a run made on the CLI from the Runs list, and scrubs it with the sliders and arrow keys", async () => {
    const { page } = editor;
    const cliRun = await openCliRun(editor, "gridworld-vgps", 3);

    await page.getByRole("slider", { name: "Episode" }).fill("1");
    await expect.poll(() => shownStep(page).then((s) => `${s.episode}:${s.step}`)).toBe("1:0");
    await page.getByRole("slider", { name: "Step" }).fill("2");
    await expect.poll(() => shownStep(page).then((s) => `${s.episode}:${s.step}`)).toBe("1:2");
    await inspector(page).focus();
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => shownStep(page).then((s) => `${s.episode}:${s.step}`)).toBe("1:3");
    await page.keyboard.press("ArrowLeft");
    await page.keyboard.press("ArrowLeft");
    const shown = await shownStep(page);
    expect(`${shown.episode}:${shown.step}`).toBe("1:1");

    const fileStep = traceOf(`runs/${cliRun}`).find((event) => event.type === "step.end" && event.episode === 1 && event.step === 1)!;
    expect(fileStep.candidates!.map((row) => Number(row.q!.toFixed(4)))).toEqual(shown.qs.map(Number));
    expect(await page.getByRole("img", { name: /^Environment: agent at row/ }).count()).toBe(1);

    // Sorting by a header: Q descending, then ascending.
    await inspector(page).getByRole("columnheader", { name: /^Q/ }).getByRole("button").click();
    const descending = (await shownStep(page)).qs.map(Number);
    expect(descending).toEqual([...descending].sort((a, b) => b - a));
    await inspector(page).getByRole("columnheader", { name: /^Q/ }).getByRole("button").click();
    const ascending = (await shownStep(page)).qs.map(Number);
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    expect(await inspector(page).getByRole("columnheader", { name: /^Q/ }).getAttribute("aria-sort")).toBe("ascending");
    await page.screenshot({ path: "test/e2e/screenshots/reopened-run-light.png" });
  }, 60_000);

  it("forks the re-opened run from the selected step and shows the fork beside the original", async () => {
    const { page, root } = editor;
    // Still on the CLI run's episode 1, step 1 (previous test).
    const shown = await shownStep(page);
    const cliRun = readdirSync(join(root, "runs")).sort().at(-1)!;
    await page.getByRole("button", { name: "Fork from this step" }).click();
    const panel = page.getByRole("region", { name: "Fork comparison" });
    await expect.poll(() => panel.textContent()).toContain(`episode ${shown.episode}, from step ${shown.step}`);
    await expect.poll(() => panel.getByTestId("fork-outcome").textContent(), { timeout: 20_000 }).toMatch(/return -?\d+\.\d{3}/);
    await expect.poll(() => panel.getByTestId("original-outcome").textContent()).toMatch(/return -?\d+\.\d{3}/);
    expect(await panel.getByRole("img", { name: /^Original grid at step \d+, with the episode.s path: agent at row/ }).count()).toBe(1);
    expect(await panel.getByRole("img", { name: /^Fork grid at step \d+, with the episode.s path: agent at row/ }).count()).toBe(1);
    // Each step's action by its name, as the step view shows it.
    expect(await panel.getByRole("group", { name: "Original" }).locator(".fork-steps li").first().textContent()).toMatch(/^step \d+: action \d \((up|right|down|left)\) · reward /);
    await page.screenshot({ path: "test/e2e/screenshots/fork-light.png" });
    await page.emulateMedia({ colorScheme: "dark" });
    await page.waitForTimeout(200);
    await page.screenshot({ path: "test/e2e/screenshots/fork-dark.png" });
    await page.emulateMedia({ colorScheme: "light" });

    // The fork is a run folder of its own that names its origin, and replayed the original's actions up to the fork step.
    const forkDir = readdirSync(join(root, "runs")).filter((name) => name !== cliRun).sort().at(-1)!;
    const forkEvents = traceOf(`runs/${forkDir}`) as (TraceLine & { fork?: { runDir: string; episode: number; step: number } })[];
    expect(forkEvents[0]!.fork).toEqual({ runDir: `runs/${cliRun}`, episode: shown.episode, step: shown.step });
    const original = traceOf(`runs/${cliRun}`).filter((e) => e.type === "step.end" && e.episode === shown.episode);
    const forked = forkEvents.filter((e) => e.type === "step.end");
    expect(forked.slice(0, shown.step).map((e) => e.action)).toEqual(original.slice(0, shown.step).map((e) => e.action));
    const forkReturn = (forkEvents.find((e) => e.type === "episode.end") as unknown as { return: number }).return;
    expect(await panel.getByTestId("fork-outcome").textContent()).toContain(`return ${forkReturn.toFixed(3)}`);
  }, 60_000);

  it("marks a failing node's badge as an error, with node, episode, step and message on hover", async () => {
    const { page } = editor;
    await openFromDialog(page, "examples/gridworld-vgps.foresight.json");
    await page.getByRole("group", { name: "Risk filter" }).click();
    // A column the Q-scorer declares (for its LLM variant) but the oracle never adds: validation lets it
    // pass (it checks against every variant's columns), the run fails on it. "nope" would not validate.
    await page.getByLabel("column", { exact: true }).fill("judge");
    // Nothing selected: the inspector shows the run settings again.
    await page.locator(".react-flow__pane").click({ position: { x: 600, y: 30 } });
    await page.getByLabel("episodes", { exact: true }).fill("3");
    await page.getByRole("button", { name: "Run", exact: true }).click();
    // Every episode fails on the risk filter: the run ends as failed.
    await expect.poll(status, { timeout: 20_000 }).toMatch(/Run failed — 3 episodes \(3 failed, left out of the figures\)/);
    const badge = page.getByTestId("node:risk").getByRole("img", { name: /^status: error/ });
    await expect.poll(() => badge.count()).toBe(1);
    // The status line can come before the last batch of events: the badge names episode 2's failure once that batch is in.
    await expect.poll(() => badge.getAttribute("title")).toMatch(/^failed: node "risk" \([a-z-]+\) at episode 2, step 0: the candidate table has no column "judge"/);
    expect(await page.getByTestId("node:q").getByRole("img", { name: /^status: done, [\d.]+ (ms|µs|ns)$/ }).count()).toBe(1);
    const box = (await page.getByTestId("node:risk").boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let i = 0; i < 4; i++) await page.mouse.wheel(0, -200);
    await page.waitForTimeout(300);
    await page.getByTestId("node:risk").screenshot({ path: "test/e2e/screenshots/node-error-badge-light.png" });
  }, 60_000);

  it("lists the inference providers a run's models got on the Dashboard", async () => {
    const { page } = editor;
    await openFromDialog(page, "examples/gridworld-vgps-onnx.foresight.json");
    await page.getByLabel("episodes", { exact: true }).fill("2");
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await expect.poll(status, { timeout: 30_000 }).toMatch(/Run completed/);
    await page.getByRole("tab", { name: "Dashboard" }).click();
    const providers = page.getByRole("region", { name: "Dashboard" }).getByRole("list", { name: "Inference providers" });
    await expect.poll(() => providers.textContent()).toMatch(/q .*\.onnx: cpu/i);
    // What its nodes noted, which the CLI prints after a run: where its Dataset collector wrote.
    const notes = page.getByRole("region", { name: "Dashboard" }).getByRole("list", { name: "Notes from the nodes" });
    await expect.poll(() => notes.textContent()).toMatch(/^dataset: 2 episodes written to .*\/dataset$/);
    await providers.scrollIntoViewIfNeeded();
    await page.locator(".side-dock").screenshot({ path: "test/e2e/screenshots/dashboard-providers-light.png" });
  }, 60_000);

  it("folds the run panels to give the canvas room, and remembers it after a reload", async () => {
    const { page } = editor;
    const canvasHeight = async () => (await page.locator(".canvas-area").boundingBox())!.height;
    const toggle = () => page.getByRole("contentinfo").getByRole("button", { name: /run panels$/ });
    const open = await canvasHeight();
    await page.getByRole("button", { name: "Hide run panels" }).click();
    await expect.poll(canvasHeight).toBeGreaterThan(open + 200);
    expect(await page.getByRole("slider", { name: "Episode" }).count()).toBe(0);
    expect(await toggle().getAttribute("aria-expanded")).toBe("false");
    await reloadEditor(page);
    await expect.poll(() => toggle().textContent()).toBe("Show run panels");
    await page.screenshot({ path: "test/e2e/screenshots/run-panels-folded-light.png" });
    await page.getByRole("button", { name: "Show run panels" }).click();
    await expect.poll(() => page.getByRole("slider", { name: "Episode" }).count()).toBe(1);
    expect(await canvasHeight()).toBeLessThan(open + 1);
  }, 60_000);

  it("runs, pauses, steps and stops from the keyboard (F5, F6, F10, Shift+F5), and F5 never reloads the page", async () => {
    const { page } = editor;
    await openFromDialog(page, "examples/gridworld-vgps.foresight.json");
    await page.getByLabel("episodes", { exact: true }).fill("100000");
    await page.locator(".react-flow__pane").click({ position: { x: 600, y: 30 } });
    await page.keyboard.press("F5");
    await runAnyway(page);
    await expect.poll(steps, { timeout: 15_000 }).toBeGreaterThan(20);
    await pauseRun(page, () => page.keyboard.press("F6"));
    const paused = await settledSteps();
    await page.keyboard.press("F10");
    await expect.poll(steps).toBe(paused + 1);
    await page.keyboard.press("Shift+F5");
    await expect.poll(status, { timeout: 20_000 }).toContain("Run stopped");
    // Still the same page (an F5 reload would have lost the unsaved episodes value).
    await page.keyboard.press("F5");
    await page.waitForTimeout(300);
    expect(await page.getByLabel("episodes", { exact: true }).inputValue()).toBe("100000");
    await page.keyboard.press("Shift+F5");
    await expect.poll(status, { timeout: 20_000 }).toContain("Run stopped");
  }, 60_000);
});
