import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { SweepRecord } from "../../protocol/index.js";
import { BIN, writeExampleVariant } from "../fixtures/foresight-process.js";
import { chromium, needs } from "../fixtures/requirements.js";
import { atSize, editorForFile, screenshotAtBothSizes } from "./editor-harness.js";

const editor = editorForFile();
/** Long enough that its sweep folder's name does not fit the Runs panel at 1280×720. */
const PIPELINE = "gridworld-vgps-with-a-name-long-enough-to-overflow";

/**
 * A sweep over run.episodes (2 and 3) made on the CLI, then changed as a killed sweep and a failed
 * setting would leave it: the setting of 2 episodes without its summary (unfinished), and a
 * setting of 4 that failed before playing anything.
 */
function sweepLeftUnfinished(): string {
  const { root } = editor;
  const file = writeExampleVariant("gridworld-vgps", root, "long-name", (doc) => {
    doc.name = PIPELINE;
  });
  execFileSync(process.execPath, [BIN, "sweep", file, "--set", "run.episodes=2,3", "-q", "--workers", "1", "--out", join(root, "runs")], { cwd: root });
  const folder = readdirSync(join(root, "runs")).find((name) => name.startsWith(`${PIPELINE}-sweep-`))!;
  const recordFile = join(root, "runs", folder, "sweep.json");
  const record = JSON.parse(readFileSync(recordFile, "utf8")) as SweepRecord;
  const [two, three] = record.points;
  rmSync(join(root, "runs", folder, two!.runDir, "summary.json"));
  const none = { value: null, low: null, high: null };
  const failed = { values: { "run.episodes": 4 }, runDir: "", status: "failed", episodes: 0, episodesRequested: 4, successRate: none, meanReturn: none, meanLength: none, stepsPerSecond: 0, error: "no model" };
  writeFileSync(recordFile, JSON.stringify({ ...record, axes: [{ key: "run.episodes", values: [2, 3, 4] }], episodes: 4, points: [three, failed], started: [{ values: two!.values, runDir: two!.runDir }] }));
  return folder;
}

describe("a sweep's rows in the Runs list and its dialog", needs(chromium()), () => {
  // The folder's name ran 27 px past the panel at 1280×720, uncut, with no start time beside it.
  it("cuts a long sweep folder name short beside its start time, as a run's row", async () => {
    const { page } = editor;
    const folder = sweepLeftUnfinished();
    await page.getByRole("tab", { name: "Runs" }).click();
    await page.getByRole("region", { name: "Runs" }).getByRole("button", { name: "Refresh" }).click();
    const item = page.getByRole("region", { name: "Sweeps" }).getByRole("listitem").filter({ hasText: PIPELINE });
    const name = item.getByRole("button", { name: folder, exact: true });
    await expect.poll(() => name.count()).toBe(1);
    await screenshotAtBothSizes(page, "sweep-row", item);
    await atSize(page, 1280, 720);
    const fits = await item.evaluate((li) => {
      const box = (element: unknown) => (element as { getBoundingClientRect(): { right: number } }).getBoundingClientRect();
      const find = (selector: string) => (li as unknown as { querySelector(selector: string): { scrollWidth: number; clientWidth: number } }).querySelector(selector)!;
      // The name's head gives way with an ellipsis (FolderName), its time at the end kept whole.
      const head = find("button.run-folder .folder-name-head");
      return { buttonRight: box(find("button.run-folder")), itemRight: box(li), cut: head.scrollWidth > head.clientWidth };
    });
    expect(fits.buttonRight.right).toBeLessThanOrEqual(fits.itemRight.right);
    expect(fits.cut).toBe(true);
    expect(await item.locator("time").textContent()).toMatch(/\S/);
    await atSize(page, 1440, 900);
  }, 60_000);

  // An unfinished setting read "2 of 4" (the most any setting asks for), and a failed one "0" steps/s where results.md has "–".
  it("counts an unfinished setting's own episodes, and gives no speed to a setting that played nothing", async () => {
    const { page } = editor;
    const folder = readdirSync(join(editor.root, "runs")).find((name) => name.startsWith(`${PIPELINE}-sweep-`))!;
    await page.getByRole("region", { name: "Sweeps" }).getByRole("button", { name: folder, exact: true }).click();
    const table = page.getByRole("dialog", { name: `Sweep of ${PIPELINE}` }).getByRole("table", { name: "Sweep results" });
    // A row's cells as shown, found by the text of its first (its value).
    const cells = async (value: string) => {
      const rows = await table.getByRole("row").evaluateAll((found) => found.map((row) => Array.from((row as unknown as { cells: ArrayLike<{ textContent: string }> }).cells).map((cell) => cell.textContent)));
      return rows.find((row) => row[0] === value) ?? [];
    };
    await expect.poll(() => table.getByRole("row").count()).toBeGreaterThan(3);
    expect((await cells("2")).slice(0, 2)).toEqual(["2", "2 of 2"]);
    expect((await cells("4")).slice(0, 6)).toEqual(["4", "0 of 4", "–", "–", "–", "–"]);
    await page.keyboard.press("Escape");
  }, 60_000);
});
