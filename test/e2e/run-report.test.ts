import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { chromium, needs } from "../fixtures/requirements.js";
import { editorForFile, openCliRun } from "./editor-harness.js";

const editor = editorForFile();

describe("managing runs from the Runs list", needs(chromium()), () => {
  it("writes report.html in the run folder and hands the same page to the browser as a download", async () => {
    const { page, root } = editor;
    const run = await openCliRun(editor, "gridworld-vgps", 4);
    const runs = page.getByRole("region", { name: "Runs" });
    const download = page.waitForEvent("download");
    await runs.getByRole("button", { name: `Report on ${run}` }).click();
    await expect.poll(() => page.getByTestId("notice").textContent()).toContain(`Report written to runs/${run}/report.html, and downloaded as ${run}-report.html`);
    const file = join(root, "runs", run, "report.html");
    expect(existsSync(file)).toBe(true);
    const downloaded = await download;
    expect(downloaded.suggestedFilename()).toBe(`${run}-report.html`);
    expect(readFileSync((await downloaded.path())!, "utf8")).toBe(readFileSync(file, "utf8"));
  }, 60_000);

  it("puts the pipeline a run ran with on the canvas, unsaved, with the run in view", async () => {
    const { page, root } = editor;
    const run = readdirSync(join(root, "runs")).sort().at(-1)!;
    const copy = JSON.parse(readFileSync(join(root, "runs", run, "pipeline.foresight.json"), "utf8")) as { nodes: unknown[] };
    await page.getByRole("region", { name: "Runs" }).getByRole("button", { name: `Open the pipeline ${run} ran with` }).click();
    await expect.poll(() => page.locator(".react-flow__node").count()).toBe(copy.nodes.length);
    await expect.poll(() => page.getByTestId("notice").textContent()).toContain(`Opened runs/${run}: the pipeline it ran with is on the canvas, unsaved`);
    // Its models and paths still resolve (the copy's baseDir is relative to the run folder; the canvas's to the root).
    await page.getByRole("button", { name: "Validate" }).click();
    await expect.poll(() => page.getByRole("region", { name: "Problems" }).textContent()).toContain("No problems");
    const shownStep = page.getByRole("region", { name: "Step inspector" }).getByRole("heading", { name: /^Episode [\d,]+, step [\d,]+$/ });
    await expect.poll(() => shownStep.count()).toBe(1);

    // A Run the host refuses (the pipeline has problems) leaves the run shown in view.
    const shown = await shownStep.textContent();
    await page.getByRole("group", { name: "Risk filter", exact: true }).click();
    await page.keyboard.press("Delete");
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await expect.poll(() => page.getByRole("marquee", { name: "Run status" }).textContent()).toContain("not started");
    expect(await shownStep.textContent()).toBe(shown);
    expect(await page.getByRole("heading", { name: "No run yet" }).count()).toBe(0);
    await page.keyboard.press(`${process.platform === "darwin" ? "Meta" : "Control"}+z`);
    await page.getByRole("tab", { name: "Runs" }).click();
  }, 60_000);

  it("names a run and keeps notes on it, then deletes it after asking", async () => {
    const { page, root } = editor;
    const run = readdirSync(join(root, "runs")).sort().at(-1)!;
    const runs = page.getByRole("region", { name: "Runs" });
    // A row shows its actions while the pointer is on it (or focus is in it).
    const row = runs.getByRole("listitem").filter({ hasText: run }).first();
    await row.hover();
    await runs.getByRole("button", { name: `Name and notes of ${run}` }).click();
    const dialog = page.getByRole("dialog", { name: `Run ${run}` });
    await dialog.getByLabel("Name").fill("baseline, n = 16");
    await dialog.getByLabel("Notes").fill("before the risk filter");
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => runs.getByRole("listitem").filter({ hasText: run }).first().textContent()).toMatch(/^baseline, n = 16.*before the risk filter/);
    expect(JSON.parse(readFileSync(join(root, "runs", run, "notes.json"), "utf8"))).toEqual({ title: "baseline, n = 16", notes: "before the risk filter" });

    // The filter finds a run by any word of its folder, pipeline, name, notes or --set, case aside.
    const other = await openCliRun(editor, "gridworld-lookahead", 2, "--set", "run.maxSteps=40");
    expect(await runs.getByRole("listitem").filter({ hasText: other }).textContent()).toContain("--set run.maxSteps=40");
    const filter = runs.getByRole("searchbox", { name: "Filter runs" });
    const listed = async () => (await Promise.all([run, other].map(async (name) => ((await runs.getByRole("button", { name, exact: true }).count()) > 0 ? [name] : [])))).flat();
    await expect.poll(listed).toEqual([run, other]);
    for (const [query, shown] of [["Baseline", [run]], ["lookahead", [other]], ["risk  N = 16", [run]], ["gridworld", [run, other]], ["maxsteps=40", [other]]] as const) {
      await filter.fill(query);
      await expect.poll(listed).toEqual(shown);
    }
    await filter.fill("no such run");
    await expect.poll(listed).toEqual([]);
    expect(await runs.textContent()).toContain("No run or sweep matches “no such run”.");
    await filter.fill("");
    await expect.poll(listed).toEqual([run, other]);

    await page.setViewportSize({ width: 1280, height: 720 });
    await page.screenshot({ path: "test/e2e/screenshots/runs-list-notes-1280x720.png" });

    await row.hover();
    await runs.getByRole("button", { name: `Delete ${run}` }).click();
    const confirm = page.getByRole("dialog", { name: `Delete run ${run}?` });
    await confirm.getByRole("button", { name: "Cancel" }).click();
    expect(existsSync(join(root, "runs", run))).toBe(true);
    await row.hover();
    await runs.getByRole("button", { name: `Delete ${run}` }).click();
    await confirm.getByRole("button", { name: "Delete" }).click();
    await expect.poll(() => page.getByTestId("notice").textContent()).toContain(`Deleted runs/${run}`);
    expect(existsSync(join(root, "runs", run))).toBe(false);
    expect(await runs.getByRole("button", { name: run, exact: true }).count()).toBe(0);
  }, 60_000);

  it("says which process plays a run started elsewhere, and offers no Notes or Delete until it ends", async () => {
    const { page, root } = editor;
    const run = await openCliRun(editor, "gridworld-policy-only", 2);
    const runs = page.getByRole("region", { name: "Runs" });
    const item = runs.getByRole("listitem").filter({ hasText: run });
    // What `foresight run` in another terminal leaves while it plays: no summary yet, and its running.json.
    rmSync(join(root, "runs", run, "summary.json"));
    const player = spawn("sleep", ["60"]);
    try {
      writeFileSync(join(root, "runs", run, "running.json"), JSON.stringify({ pid: player.pid, host: hostname(), started: new Date().toISOString() }));
      await runs.getByRole("button", { name: "Refresh" }).click();
      await expect.poll(() => item.textContent()).toContain(`running in process ${player.pid}`);
      expect(await item.getByRole("button", { name: `Delete ${run}` }).count()).toBe(0);
      expect(await item.getByRole("button", { name: `Name and notes of ${run}` }).count()).toBe(0);
      expect(await item.getByRole("button", { name: `Report on ${run}` }).count()).toBe(1);
    } finally {
      player.kill("SIGKILL");
    }
    await new Promise((resolve) => player.once("exit", resolve));
    await runs.getByRole("button", { name: "Refresh" }).click();
    await expect.poll(() => item.textContent()).toContain("killed (no summary)");
    expect(await item.getByRole("button", { name: `Delete ${run}` }).count()).toBe(1);
  }, 60_000);
});
