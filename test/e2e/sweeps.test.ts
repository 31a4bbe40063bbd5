import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN } from "../fixtures/foresight-process.js";
import { chromium, needs } from "../fixtures/requirements.js";
import { editorForFile } from "./editor-harness.js";

const editor = editorForFile();

describe("sweeps in the Runs list", needs(chromium()), () => {
  it("lists a sweep made on the CLI and opens its table and chart", async () => {
    const { page, root } = editor;
    const args = ["sweep", join(root, "examples/gridworld-vgps.foresight.json"), "--set", "sampler.n=1,4,16", "--episodes", "10", "-q", "--out", join(root, "runs")];
    execFileSync(process.execPath, [BIN, ...args], { cwd: root });
    const sweepFolder = readdirSync(join(root, "runs")).find((name) => name.includes("-sweep-"))!;

    await page.getByRole("tab", { name: "Runs" }).click();
    await page.getByRole("region", { name: "Runs" }).getByRole("button", { name: "Refresh" }).click();
    const sweeps = page.getByRole("region", { name: "Sweeps" });
    await expect.poll(() => sweeps.getByRole("listitem").count()).toBe(1);
    // The sweep's own run folders are its points, not runs of the list.
    expect(await page.getByRole("region", { name: "Runs" }).getByRole("button", { name: sweepFolder }).count()).toBe(1);
    await sweeps.getByRole("button", { name: sweepFolder, exact: true }).click();

    const dialog = page.getByRole("dialog", { name: "Sweep of gridworld-vgps" });
    const table = dialog.getByRole("table", { name: "Sweep results" });
    await expect.poll(() => table.getByRole("row").count()).toBe(4);
    expect(await table.getByRole("row").nth(3).getByRole("cell").first().textContent()).toBe("16");
    // The figures read as the sweep's results.md writes them: one precision per column, and the mean length too.
    expect(await table.getByRole("columnheader").allTextContents()).toEqual(["sampler.n", "episodes", "success rate (95% CI)", "mean return (95% CI)", "mean length", "steps/s", "status"]);
    const markdownRows = readFileSync(join(root, "runs", sweepFolder, "results.md"), "utf8").split("\n").filter((line) => /^\| \d/.test(line));
    const fromMarkdown = markdownRows.map((line) => line.split(" | ").slice(1, 5));
    const shown = await Promise.all([1, 2, 3].map(async (i) => (await table.getByRole("row").nth(i).getByRole("cell").allTextContents()).slice(1, 5)));
    expect(shown).toEqual(fromMarkdown);
    const chart = dialog.getByRole("img", { name: /Success rate per setting of sampler\.n/ });
    // The SVG decoded (a broken image has no natural width).
    await expect.poll(() => chart.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(720);
    await page.screenshot({ path: "test/e2e/screenshots/sweep-dialog-light.png" });
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.screenshot({ path: "test/e2e/screenshots/sweep-dialog-1280x720.png" });
    // In sight without scrolling the dialog, the table under the chart (its last row, above the sticky buttons)
    // and the Close button: what a point at each one's middle reaches is that one.
    const lastCell = table.getByRole("row").nth(3).getByRole("cell").first();
    const cell = (await lastCell.boundingBox())!;
    expect(await page.evaluate(`document.elementFromPoint(${cell.x + cell.width / 2}, ${cell.y + cell.height / 2})?.textContent`)).toBe("16");
    const close = dialog.getByRole("button", { name: "Close" });
    const at = (await close.boundingBox())!;
    expect(at.y + at.height).toBeLessThanOrEqual(720);
    expect(await page.evaluate(`document.elementFromPoint(${at.x + at.width / 2}, ${at.y + at.height / 2})?.textContent`)).toBe("Close");
    await close.click();
    expect(await dialog.count()).toBe(0);
  }, 60_000);

  it("opens a setting's run from its row of the sweep's table in the trace view", async () => {
    const { page, root } = editor;
    const sweepFolder = readdirSync(join(root, "runs")).find((name) => name.includes("-sweep-"))!;
    const record = JSON.parse(readFileSync(join(root, "runs", sweepFolder, "sweep.json"), "utf8")) as { points: { values: Record<string, number>; runDir: string }[] };
    const four = record.points.find((point) => point.values["sampler.n"] === 4)!;
    await page.getByRole("region", { name: "Sweeps" }).getByRole("button", { name: sweepFolder, exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Sweep of gridworld-vgps" });
    await dialog.getByRole("button", { name: "Open the run of sampler.n=4" }).click();
    await expect.poll(() => page.getByTestId("notice").textContent()).toContain(`Opened runs/${sweepFolder}/${four.runDir}`);
    expect(await dialog.count()).toBe(0);
    // Its episodes are in view: the step inspector shows one of them.
    const shownStep = page.getByRole("region", { name: "Step inspector" }).getByRole("heading", { name: /^Episode [\d,]+, step [\d,]+$/ });
    await expect.poll(() => shownStep.count()).toBe(1);
    expect(await page.getByRole("marquee", { name: "Run status" }).textContent()).toContain("10 episodes");
  }, 60_000);
});
