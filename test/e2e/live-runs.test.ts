import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { chromium, needs } from "../fixtures/requirements.js";
import { editorForFile, openFromDialog, pauseRun, reloadEditor, restingCardBoxes, runAnyway, runStatus } from "./editor-harness.js";

// A reload with unsaved changes asks first: the user agrees.
const editor = editorForFile({ prepare: (editor) => editor.page.on("dialog", (dialog) => void dialog.accept()) });

const status = () => runStatus(editor.page);
// The status says "<successes>/<episodes completed> successes", with thousands separators (in this world every episode ended completes).
const episodesDone = () => status().then((text) => Number(/[\d,]+\/([\d,]+) successes/.exec(text ?? "")?.[1]?.replaceAll(",", "")));
const liveRuns = () => editor.page.getByRole("region", { name: "Live runs" });
const runFolders = () => (existsSync(join(editor.root, "runs")) ? readdirSync(join(editor.root, "runs")) : []);
const episodeEnds = (folder: string) =>
  readFileSync(join(editor.root, "runs", folder, "trace.jsonl"), "utf8")
    .split("\n")
    .filter((line) => line.includes('"type":"episode.end"')).length;

async function startLongRun() {
  const { page } = editor;
  await openFromDialog(page, "examples/gridworld-vgps.foresight.json");
  await page.getByRole("tab", { name: "Inspector" }).click();
  await page.getByLabel("episodes", { exact: true }).fill("100000");
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await runAnyway(page);
  await expect.poll(episodesDone, { timeout: 20_000 }).toBeGreaterThan(3);
}

/** Starts a long run and pauses it; its folder, the one not among `before`. */
async function pausedLongRun(before: ReadonlySet<string>): Promise<string> {
  await startLongRun();
  await pauseRun(editor.page);
  return runFolders().find((name) => !before.has(name))!;
}

describe("runs belong to the host", needs(chromium()), () => {
  it("re-attaches after a reload: the run is listed as running, the toolbar drives it, and Stop writes its summary", async () => {
    const { page } = editor;
    await startLongRun();
    await reloadEditor(page);
    await expect.poll(status, { timeout: 15_000 }).toMatch(/^Running: /);
    await page.getByRole("tab", { name: "Runs" }).click();
    const [folder] = runFolders();
    const listed = liveRuns().getByRole("listitem", { name: `Live run ${folder}` });
    await expect.poll(() => listed.textContent()).toMatch(/running · [\d,]+\/100,000 episodes · the toolbar drives it/);
    await liveRuns().getByRole("button", { name: `Stop ${folder}` }).click();
    await expect.poll(status, { timeout: 20_000 }).toContain("Run stopped");
    await expect.poll(() => existsSync(join(editor.root, "runs", folder!, "summary.json"))).toBe(true);
    await expect.poll(() => liveRuns().count()).toBe(0);
  }, 90_000);

  it("shows Pause at once, and once paused every episode counter equals trace.jsonl's episode.end lines", async () => {
    const { page } = editor;
    await startLongRun();
    // Pause shows at once: the click's handler sets "pausing" itself, without waiting on the host, so the
    // first status the page draws after the click says so (were it shown on the host's answer, a running
    // count or "Paused" would come first). Read in the page, from the first change after the click
    // (not a time in ms: a page busy with the run's events can hold the click for a while, at no fault of Pause).
    // (Not awaited here: evaluate would wait for the promise it is given.)
    await page.evaluate(`void (window.firstStatusAfterPause = new Promise((shown) => {
      const status = document.querySelector("header [role=marquee]");
      const pause = [...document.querySelectorAll("button")].find((button) => button.textContent === "Pause");
      pause.addEventListener("click", () => {
        const observer = new MutationObserver(() => {
          observer.disconnect();
          shown(status.textContent);
        });
        observer.observe(status, { childList: true, subtree: true, characterData: true });
      }, { capture: true, once: true });
    }))`);
    await pauseRun(page);
    expect(await page.evaluate("window.firstStatusAfterPause"), "the status first drawn after the click").toMatch(/^Pausing: /);
    const shown = await episodesDone();
    await page.waitForTimeout(800);
    expect(await episodesDone()).toBe(shown);
    const folder = runFolders().sort().at(-1)!;
    await page.getByRole("tab", { name: "Runs" }).click();
    await expect.poll(() => liveRuns().getByRole("listitem", { name: `Live run ${folder}` }).textContent()).toContain(`paused · ${shown.toLocaleString("en-US")}/100,000 episodes`);
    // The trace is written through per episode: once paused, the file holds exactly what the editor counted.
    expect(episodeEnds(folder)).toBe(shown);
    await page.screenshot({ path: "test/e2e/screenshots/live-runs-1440-light.png" });
    await page.setViewportSize({ width: 1280, height: 720 });
    // The canvas fits the pipeline to its new size a moment after the resize: the picture shows what a person sees then.
    await restingCardBoxes(page);
    await page.screenshot({ path: "test/e2e/screenshots/live-runs-1280-light.png" });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByRole("button", { name: "Stop", exact: true }).click();
    await expect.poll(status, { timeout: 20_000 }).toContain("Run stopped");
  }, 90_000);

  it("says Stop at once: the run is stopping, with no run control on, until it has stopped", async () => {
    const { page } = editor;
    await startLongRun();
    // Every status the page draws from the click on, with the run controls that could be clicked then: read in
    // the page, as the Pause test does, so no change goes unseen between two polls. (Not awaited: see there.)
    await page.evaluate(`void (window.drawnAfterStop = new Promise((ended) => {
      const status = document.querySelector("header [role=marquee]");
      const controls = [...document.querySelectorAll("header [role=group][aria-label=Run] button")];
      const drawn = [];
      const stop = controls.find((button) => button.textContent === "Stop");
      stop.addEventListener("click", () => {
        const observer = new MutationObserver(() => {
          drawn.push({ status: status.textContent, on: controls.filter((button) => !button.disabled).map((button) => button.textContent) });
          if (status.textContent.startsWith("Run ")) {
            observer.disconnect();
            ended(drawn);
          }
        });
        observer.observe(status, { childList: true, subtree: true, characterData: true });
      }, { capture: true, once: true });
    }))`);
    await page.getByRole("button", { name: "Stop", exact: true }).click();
    await expect.poll(status, { timeout: 20_000 }).toContain("Run stopped");
    const drawn = (await page.evaluate("window.drawnAfterStop")) as { status: string; on: string[] }[];
    const last = drawn.pop()!;
    expect(last.status).toMatch(/^Run stopped — /);
    expect(drawn.length, "statuses drawn between the click and the end").toBeGreaterThan(0);
    for (const { status: text, on } of drawn) {
      expect(text, "every status drawn after the click, until the run has stopped").toMatch(/^Stopping: episode [\d,]+ of 100,000, step /);
      expect(on, `the controls on while "${text}"`).toEqual([]);
    }
  }, 90_000);

  it("re-attached to a paused run after a reload, counts its successes over every episode it ended, as before the reload", async () => {
    const { page } = editor;
    await startLongRun();
    await pauseRun(page);
    const before = await status();
    const shown = await episodesDone();
    await reloadEditor(page);
    await expect.poll(status, { timeout: 15_000 }).toMatch(/^Paused: /);
    // The episodes it ended before the reload are read back from its folder: the counts come back whole.
    await expect.poll(episodesDone, { timeout: 15_000 }).toBe(shown);
    // (The episode it paused in is not in its folder's episodes yet: where in it, and its steps, are not read back.)
    const withoutSteps = (text: string | null) => text?.replace(/step \d+/, "step …").replace(/[\d,]+ steps/, "… steps");
    await expect.poll(async () => withoutSteps(await status())).toBe(withoutSteps(before));
    await page.getByRole("button", { name: "Stop", exact: true }).click();
    await expect.poll(status, { timeout: 20_000 }).toContain("Run stopped");
  }, 90_000);

  it("gives a running run one episode count in the Runs tab: its row below says what Going now says", async () => {
    const { page } = editor;
    await startLongRun();
    await page.getByRole("tab", { name: "Runs" }).click();
    await page.waitForTimeout(2500);
    // Both read in one go, in the page: the counts move on between two reads.
    const counts = (await page.evaluate(`(() => {
      const going = document.querySelector(".live-runs .help").textContent;
      const row = document.querySelector(".run-row[aria-label*='running ·']")?.getAttribute("aria-label") ?? "";
      return [/([\\d,]+)\\/100,000 episodes/.exec(going)?.[1], /running · ([\\d,]+)\\/100,000 episodes/.exec(row)?.[1]];
    })()`)) as string[];
    expect(Number(counts[0]?.replaceAll(",", ""))).toBeGreaterThan(3);
    expect(counts[1], "the row's count").toBe(counts[0]);
    await page.getByRole("button", { name: "Stop", exact: true }).click();
    await expect.poll(status, { timeout: 20_000 }).toContain("Run stopped");
  }, 90_000);

  it("forks while another run is paused: the original stays listed with its own controls, and no run is left without summary.json", async () => {
    const { page } = editor;
    const before = new Set(runFolders());
    const original = await pausedLongRun(before);
    await page.getByRole("button", { name: "Fork from this step" }).click();
    await page.getByRole("tab", { name: "Runs" }).click();
    const listed = liveRuns().getByRole("listitem", { name: `Live run ${original}` });
    await expect.poll(() => listed.textContent(), { timeout: 15_000 }).toMatch(/^.*paused · [\d,]+\/100,000 episodes/);
    // The toolbar drives the fork now, and says so by its folder name; the fork has its own folder (waited for:
    // under load the toolbar can leave the original before the host has made the fork's folder).
    await expect.poll(() => status().then((text) => (text ?? "").includes(original)), { timeout: 15_000 }).toBe(false);
    await expect.poll(() => runFolders().filter((name) => !before.has(name)).length, { timeout: 15_000 }).toBe(2);
    await liveRuns().getByRole("button", { name: `Stop ${original}` }).click();
    await expect.poll(() => liveRuns().count(), { timeout: 20_000 }).toBe(0);
    const made = runFolders().filter((name) => !before.has(name));
    for (const folder of made) await expect.poll(() => existsSync(join(editor.root, "runs", folder, "summary.json")), { timeout: 10_000 }).toBe(true);
  }, 90_000);

  it("forks a paused run and offers the way back: Back to paused run drives it again, where it stood, and Run resumes it", async () => {
    const { page } = editor;
    const before = new Set(runFolders());
    const original = await pausedLongRun(before);
    const where = /^Paused: (episode [\d,]+ of 100,000, step [\d,]+)/.exec((await status()) ?? "")![1]!;
    await page.getByRole("button", { name: "Fork from this step" }).click();
    // The toolbar drives the fork (one episode), and offers the way back while it does and once it has ended.
    const back = page.getByRole("banner").getByRole("button", { name: "Back to paused run" });
    await expect.poll(() => status().then((text) => (text ?? "").includes(original)), { timeout: 15_000 }).toBe(false);
    expect(await back.getAttribute("title")).toContain(original);
    await expect.poll(status, { timeout: 20_000 }).toMatch(/^Run completed — 1 episode/);
    await back.click();
    await expect.poll(status).toContain(`Paused: ${where}`);
    expect(await status()).toContain(original);
    expect(await back.count()).toBe(0);
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await expect.poll(status, { timeout: 10_000 }).toMatch(/^Running: /);
    await page.getByRole("button", { name: "Stop", exact: true }).click();
    await expect.poll(status, { timeout: 20_000 }).toContain("Run stopped");
    await expect.poll(() => existsSync(join(editor.root, "runs", original, "summary.json"))).toBe(true);
  }, 90_000);

  it("reads a long run's status whole at 1280 px, on two lines where one does not hold its counts, the toolbar no taller", async () => {
    const { page } = editor;
    await page.setViewportSize({ width: 1280, height: 720 });
    const toolbar = page.getByRole("banner");
    const height = (await toolbar.boundingBox())!.height;
    await openFromDialog(page, "examples/gridworld-policy-only.foresight.json");
    await page.getByRole("tab", { name: "Inspector" }).click();
    await page.getByLabel("episodes", { exact: true }).fill("100000");
    await page.getByLabel("trace", { exact: true }).selectOption("off");
    await page.getByRole("button", { name: "Run", exact: true }).click();
    // Six-digit step counts: "Paused: episode 12,344 of 100,000, step 7 · 2,716/12,344 successes · 123,456 steps".
    const steps = () => status().then((text) => Number(/· ([\d,]+) steps?\b/.exec(text ?? "")?.[1]?.replaceAll(",", "") ?? 0));
    await expect.poll(steps, { timeout: 30_000 }).toBeGreaterThanOrEqual(100_000);
    await pauseRun(page);
    await expect.poll(status).toMatch(/^Paused: episode [\d,]+ of 100,000, step [\d,]+ · [\d,]+\/[\d,]+ successes · [\d,]{7,} steps · gridworld-policy-only-/);
    // Nothing of the gist cut off, sideways or below; the toolbar as tall as before.
    const gist = toolbar.getByRole("marquee", { name: "Run status" }).locator(".run-status-gist");
    const cut = () => gist.evaluate((element) => ((box) => box.scrollWidth > box.clientWidth || box.scrollHeight > box.clientHeight)(element as unknown as { scrollWidth: number; clientWidth: number; scrollHeight: number; clientHeight: number }));
    expect(await cut()).toBe(false);
    expect((await toolbar.boundingBox())!.height).toBe(height);
    await page.screenshot({ path: "test/e2e/screenshots/long-run-status-1280x720.png" });
    await page.getByRole("button", { name: "Stop", exact: true }).click();
    await expect.poll(status, { timeout: 20_000 }).toContain("Run stopped");
    await page.setViewportSize({ width: 1440, height: 900 });
  }, 90_000);
});
