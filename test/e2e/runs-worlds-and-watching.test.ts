import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { chromium, needs } from "../fixtures/requirements.js";
import { BIN, editorForFile, openCliRun, openFromDialog, pauseRun, runAnyway, runStatus, screenshotAtBothSizes, stopRunLeftGoing } from "./editor-harness.js";

const editor = editorForFile({ prepare: (editor) => editor.page.on("dialog", (dialog) => void dialog.accept()) });

const runFolders = () => (existsSync(join(editor.root, "runs")) ? readdirSync(join(editor.root, "runs")) : []);
const episodeEnds = (folder: string) => (readFileSync(join(editor.root, "runs", folder, "trace.jsonl"), "utf8").match(/"type":"episode\.end"/g) ?? []).length;

/**
 * Opens tab B, then starts a 100,000-episode run of gridworld-vgps in tab A at the given trace level
 * (B is open first: a tab opened later re-attaches to the run by itself). Answers B, its browser
 * context (the caller closes it) and the run folders there were before the run.
 */
async function secondTabWatchingLongRun(trace: "full" | "steps") {
  const { page, browser, url } = editor;
  const context = await browser.newContext({ colorScheme: "light", viewport: { width: 1440, height: 900 } });
  const other = await context.newPage();
  other.setDefaultTimeout(10_000);
  await other.goto(url);
  await openFromDialog(page, "examples/gridworld-vgps.foresight.json");
  await page.getByRole("tab", { name: "Inspector" }).click();
  await page.getByLabel("episodes", { exact: true }).fill("100000");
  await page.getByLabel("trace", { exact: true }).selectOption(trace);
  await page.getByRole("button", { name: "Run", exact: true }).click();
  // A full trace of 100,000 episodes is large: the editor asks first.
  if (trace === "full") await runAnyway(page);
  const before = new Set(runFolders());
  await expect.poll(() => runStatus(page), { timeout: 20_000 }).toMatch(/^Running: episode ([2-9]|\d{2,})/);
  return { context, other, before };
}

describe("the Dashboard's baseline, a second tab watching a run, and runs without a summary", needs(chromium()), () => {
  it("offers baselines in the run's world first, and warns as the report does when the baseline acts in another world", async () => {
    const { page } = editor;
    const cartpole = await openCliRun(editor, "cartpole-vgps", 3);
    const grid = await openCliRun(editor, "gridworld-vgps", 6, "--workers", "2");
    // A run with workers: its episodes from 0 to the last, whatever order the file holds them in.
    await page.getByRole("tab", { name: "Inspector" }).click();
    const episode = page.getByRole("slider", { name: "Episode" });
    expect([await episode.getAttribute("min"), await episode.getAttribute("max")]).toEqual(["0", "5"]);
    await page.getByRole("tab", { name: "Dashboard" }).click();
    const dashboard = page.getByRole("region", { name: "Dashboard" });
    const select = dashboard.getByRole("combobox", { name: "Baseline" });
    expect(await select.locator('optgroup[label="Other worlds (not comparable)"] option').evaluateAll((options) => options.map((o) => (o as unknown as { value: string }).value))).toEqual([`runs/${cartpole}`]);
    expect(await select.locator(`option[value="runs/${grid}"]`).count()).toBe(0);
    await select.selectOption(`runs/${cartpole}`);
    await expect.poll(() => dashboard.getByTestId("baseline-world").textContent()).toMatch(/^This run and the baseline act in different worlds \(their environments' .+\), so the difference is not the pipelines' alone\.$/);
    await expect.poll(() => dashboard.getByTestId("baseline-difference").textContent()).toContain("No success rate to compare (the baseline's world says nothing of success; this run's does)");
    await screenshotAtBothSizes(page, "dashboard-baseline-other-world");
  }, 90_000);

  it("shows a second tab watching a run what the tab that started it shows: its name, its episodes from 0, the step", async () => {
    const { page } = editor;
    const { context, other, before } = await secondTabWatchingLongRun("full");
    const folder = runFolders().find((name) => !before.has(name)) ?? runFolders().sort().at(-1)!;

    try {
      await other.getByRole("tab", { name: "Runs" }).click();
      await other.getByRole("region", { name: "Live runs" }).getByRole("button", { name: /^Watch / }).click();
      await other.getByRole("tab", { name: "Dashboard" }).click();
      const dashboard = other.getByRole("region", { name: "Dashboard" });
      // Catching up reads the run's trace so far: seconds on a loaded machine.
      await expect.poll(() => dashboard.getByRole("heading", { level: 2 }).textContent(), { timeout: 20_000 }).toBe("gridworld-vgps");
      // Every episode since 0 counted, not those since the Watch: as many as trace.jsonl had then, at least.
      const ended = episodeEnds(folder);
      await expect.poll(async () => Number(/([\d,]+)\/[\d,]+ episodes completed/.exec((await dashboard.locator("p.muted").first().textContent()) ?? "")?.[1]?.replaceAll(",", ""))).toBeGreaterThanOrEqual(ended);
      expect(await dashboard.getByRole("combobox", { name: "Baseline" }).locator(`option[value$="${folder}"]`).count()).toBe(0);
      await other.getByRole("tab", { name: "Inspector" }).click();
      await expect.poll(() => other.getByRole("region", { name: "Step inspector" }).getByRole("heading", { name: /^Episode [\d,]+, step [\d,]+$/ }).count()).toBe(1);
      expect(await other.getByRole("slider", { name: "Episode" }).getAttribute("min")).toBe("0");
      await other.getByRole("tab", { name: "Dashboard" }).click();
      await screenshotAtBothSizes(other, "second-tab-watching");
      // Once it has stopped, tab B has counted each episode once: those read back from the folder and arriving live too were not counted twice.
      await stopRunLeftGoing(page);
      const completedInFile = readFileSync(join(editor.root, "runs", folder, "trace.jsonl"), "utf8")
        .split("\n")
        .filter((line) => line.includes('"type":"episode.end"') && line.includes('"status":"completed"')).length;
      await expect.poll(async () => /([\d,]+)\/[\d,]+ episodes completed/.exec((await dashboard.locator("p.muted").first().textContent()) ?? "")?.[1]?.replaceAll(",", "")).toBe(String(completedInFile));
    } finally {
      await context.close();
    }
    await stopRunLeftGoing(page);
  }, 120_000);

  it("counts in a second tab watching a run the successes and steps the tab that started it counts, once it pauses", async () => {
    const { page } = editor;
    const { context, other } = await secondTabWatchingLongRun("steps");
    // "<successes>/<episodes> successes · <steps> steps", as each toolbar says it.
    const counts = async (tab: typeof page) => /[\d,]+\/[\d,]+ successes · [\d,]+ steps/.exec((await runStatus(tab)) ?? "")?.[0];
    try {
      await other.getByRole("tab", { name: "Runs" }).click();
      await other.getByRole("region", { name: "Live runs" }).getByRole("button", { name: /^Watch / }).click();
      await expect.poll(() => runStatus(other), { timeout: 20_000 }).toMatch(/^Running: /);
      // Past catch-up's second read of the folder, the live stream going on meanwhile.
      await other.waitForTimeout(5_000);
      await pauseRun(page);
      const started = await counts(page);
      expect(started).toBeTruthy();
      await expect.poll(() => runStatus(other), { timeout: 20_000 }).toMatch(/^Paused: /);
      await expect.poll(() => counts(other), { timeout: 10_000 }).toBe(started);
    } finally {
      await context.close();
    }
    await stopRunLeftGoing(page);
  }, 120_000);

  it("says of a run folder without a summary that another process still runs it (Refresh reads on), or that it was killed", async () => {
    const { page, root } = editor;
    const before = new Set(runFolders());
    const cli = spawn(process.execPath, [BIN, "run", join(root, "examples/gridworld-vgps.foresight.json"), "-n", "100000", "-q", "--trace", "steps", "--out", join(root, "runs")], { cwd: root, stdio: "ignore" });
    try {
      await expect.poll(() => runFolders().find((name) => !before.has(name)), { timeout: 20_000 }).toBeTruthy();
      const folder = runFolders().find((name) => !before.has(name))!;
      await expect.poll(() => episodeEnds(folder), { timeout: 20_000 }).toBeGreaterThan(3);
      await page.getByRole("tab", { name: "Runs" }).click();
      const runs = page.getByRole("region", { name: "Runs" });
      await runs.getByRole("button", { name: "Refresh" }).click();
      await runs.getByRole("button", { name: folder, exact: true }).click();
      await expect.poll(() => runStatus(page)).toMatch(new RegExp(`^Viewing a run still running in process ${cli.pid} \\(opened at [\\d,]+ episodes\\)`));
      const opened = Number(/opened at ([\d,]+)/.exec((await runStatus(page))!)![1]!.replaceAll(",", ""));
      await expect.poll(() => episodeEnds(folder)).toBeGreaterThan(opened + 2);
      await page.getByRole("banner").getByRole("button", { name: "Refresh" }).click();
      // The note shows the old count until the folder has been read again.
      await expect.poll(async () => Number(/opened at ([\d,]+) episodes/.exec((await runStatus(page)) ?? "")?.[1]?.replaceAll(",", "") ?? 0), { timeout: 10_000 }).toBeGreaterThan(opened);

      // The open run is marked in the list, and a row's whole text is its name (keyboards, screen readers).
      const row = runs.locator("li.run-row").filter({ hasText: folder });
      expect(await row.getAttribute("aria-current")).toBe("true");
      expect(await row.getAttribute("aria-label")).toMatch(new RegExp(`${folder}, started .*: running in process ${cli.pid} · [\\d,]+/100,000 episodes · success .* · gridworld-vgps · trace steps$`));
      await screenshotAtBothSizes(page, "runs-list-still-running", row);

      cli.kill("SIGKILL");
      await new Promise((resolve) => (cli.exitCode !== null || cli.signalCode !== null ? resolve(null) : cli.once("exit", resolve)));
      await runs.getByRole("button", { name: "Refresh" }).click();
      await runs.getByRole("button", { name: folder, exact: true }).click();
      await expect.poll(() => runStatus(page)).toMatch(/^Viewing a killed run \(no summary\) — [\d,]+ episodes/);
      // At 1280 px the key figures of the killed run's line read whole; what gives way is the rest.
      await page.setViewportSize({ width: 1280, height: 720 });
      const figures = row.locator(".run-key-figures");
      await expect.poll(() => figures.textContent()).toMatch(/^killed \(no summary\) · [\d,]+\/100,000 episodes · success /);
      const [shown, line] = [(await figures.boundingBox())!, (await row.locator(".run-details").boundingBox())!];
      expect(shown.x + shown.width).toBeLessThanOrEqual(line.x + line.width + 0.5);
      expect(await figures.evaluate((element) => (element as unknown as { scrollWidth: number }).scrollWidth <= (element as unknown as { clientWidth: number }).clientWidth)).toBe(true);
      await screenshotAtBothSizes(page, "runs-list-killed", row);
    } finally {
      if (cli.exitCode === null && cli.signalCode === null) cli.kill("SIGKILL");
    }
  }, 120_000);
});
