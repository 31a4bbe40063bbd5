import { execFileSync, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN } from "../fixtures/foresight-process.js";
import { chromium, needs } from "../fixtures/requirements.js";
import { editorForFile } from "./editor-harness.js";

const editor = editorForFile();

/** A scrolling element's sizes, as the page reads them. */
interface Scrolled {
  scrollWidth: number;
  clientWidth: number;
  scrollTop: number;
  scrollHeight: number;
}

/** `foresight sweep` started in the background in the editor's root; answers its process and, once made, its folder. */
async function startSweep(args: string[]) {
  const { root } = editor;
  const before = new Set(existsSync(join(root, "runs")) ? readdirSync(join(root, "runs")) : []);
  const sweep = spawn(process.execPath, [BIN, "sweep", ...args, "-q", "--workers", "1", "--out", join(root, "runs")], { cwd: root, stdio: "ignore" });
  let folder = "";
  await expect.poll(() => (folder = (existsSync(join(root, "runs")) ? readdirSync(join(root, "runs")) : []).find((name) => name.includes("-sweep-") && !before.has(name)) ?? ""), { timeout: 20_000 }).not.toBe("");
  return { sweep, folder };
}

async function openSweepDialog(folder: string, pipeline: string) {
  const { page } = editor;
  await page.getByRole("tab", { name: "Runs" }).click();
  await page.getByRole("region", { name: "Runs" }).getByRole("button", { name: "Refresh" }).click();
  await page.getByRole("region", { name: "Sweeps" }).getByRole("button", { name: folder, exact: true }).click();
  return page.getByRole("dialog", { name: `Sweep of ${pipeline}` });
}

describe("a sweep in the Runs tab", needs(chromium()), () => {
  it("follows a running sweep in the list and its dialog, the setting playing shown as running", async () => {
    const { page } = editor;
    const { sweep, folder } = await startSweep(["examples/gridworld-vgps.foresight.json", "--set", "sampler.n=1,2,3", "--episodes", "1500"]);
    try {
      const dialog = await openSweepDialog(folder, "gridworld-vgps");
      const table = dialog.getByRole("table", { name: "Sweep results" });
      const statuses = () => table.getByRole("row").evaluateAll((rows) => rows.slice(1).map((row) => (row as unknown as { lastElementChild: { textContent: string } | null }).lastElementChild?.textContent));
      await expect.poll(statuses, { timeout: 30_000 }).toContain("running");
      await page.screenshot({ path: "test/e2e/screenshots/sweep-running-1440x900.png" });
      // Read again while it runs, with no click: every setting ends up completed, and the list says so too.
      await expect.poll(statuses, { timeout: 120_000, interval: 1000 }).toEqual(["completed", "completed", "completed"]);
      await dialog.getByRole("button", { name: "Close" }).click();
      const listed = page.getByRole("region", { name: "Sweeps" }).getByRole("listitem").filter({ hasText: folder });
      await expect.poll(() => listed.textContent(), { timeout: 10_000 }).toContain("3 settings · completed");
    } finally {
      sweep.kill("SIGKILL");
    }
  }, 180_000);

  it("lists a killed sweep's unfinished run in its table, and opens it in the trace view", async () => {
    const { page, root } = editor;
    const { sweep, folder } = await startSweep(["examples/gridworld-vgps.foresight.json", "--set", "sampler.n=1,2", "--episodes", "5000"]);
    const sweepDir = join(root, "runs", folder);
    const runFolder = () => readdirSync(sweepDir).find((name) => statSync(join(sweepDir, name)).isDirectory()) ?? "";
    // Killed once its first run has ended some episodes, before its summary.
    await expect.poll(() => runFolder() && (readFileSync(join(sweepDir, runFolder(), "trace.jsonl"), "utf8").match(/"episode\.end"/g) ?? []).length, { timeout: 30_000 }).toBeGreaterThan(2);
    sweep.kill("SIGKILL");
    await new Promise((resolve) => sweep.once("exit", resolve));
    expect(existsSync(join(sweepDir, runFolder(), "summary.json"))).toBe(false);

    const dialog = await openSweepDialog(folder, "gridworld-vgps");
    const table = dialog.getByRole("table", { name: "Sweep results" });
    const killed = table.getByRole("row").filter({ hasText: "killed (no summary)" });
    await expect.poll(() => killed.count()).toBe(1);
    expect(await killed.getByRole("cell").nth(1).textContent()).toMatch(/^\d[\d,]* of 5,000$/);
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.screenshot({ path: "test/e2e/screenshots/sweep-killed-1280x720.png" });
    await page.setViewportSize({ width: 1440, height: 900 });
    await killed.getByRole("button", { name: "Open the run of sampler.n=1" }).click();
    await expect.poll(() => page.getByTestId("notice").textContent()).toContain(`Opened runs/${folder}/${runFolder()}`);
  }, 120_000);

  it("cuts a long value short with its whole reachable, keeps the header in sight, and says why a setting failed", async () => {
    const { page, root } = editor;
    const onnx = JSON.stringify({ kind: "onnx", path: "../assets/models/pointmass-dynamics.onnx", input: "state_action", encoding: "flat", nextState: "next_state", reward: "reward", done: "done", hazard: "hazard" });
    const args = ["sweep", "examples/pointmass-rawmpc.foresight.json", "--set", `rollout.model={"kind":"simulator"},${onnx}`, "--set", "sampler.n=2,3,4,5,6,7,8,9", "--episodes", "1", "-q", "--out", "runs"];
    execFileSync(process.execPath, [BIN, ...args], { cwd: root });
    const folder = readdirSync(join(root, "runs")).filter((name) => name.startsWith("pointmass-rawmpc-sweep-")).sort().at(-1)!;
    const dialog = await openSweepDialog(folder, "pointmass-rawmpc");
    const table = dialog.getByRole("table", { name: "Sweep results" });
    // The table fits its dialog: no column pushed past its right edge.
    const scroller = dialog.locator(".sweep-table-scroll");
    await expect.poll(() => scroller.evaluate((element) => (element as unknown as Scrolled).scrollWidth - (element as unknown as Scrolled).clientWidth)).toBeLessThanOrEqual(0);
    const button = dialog.getByRole("button", { name: `Open the run of rollout.model=${onnx}, sampler.n=2` });
    expect(await button.count()).toBe(1);
    expect(await button.getAttribute("title")).toContain(onnx);
    // Scrolled down the table, its header stays in sight above the rows (the table scrolls, not the dialog).
    await page.setViewportSize({ width: 1280, height: 720 });
    expect(await scroller.evaluate((element) => (element as unknown as Scrolled).scrollHeight > (element as unknown as Scrolled & { clientHeight: number }).clientHeight)).toBe(true);
    await scroller.evaluate((element) => ((element as unknown as Scrolled).scrollTop = (element as unknown as Scrolled).scrollHeight));
    const header = (await table.getByRole("columnheader").first().boundingBox())!;
    const box = (await scroller.boundingBox())!;
    expect(header.y).toBeGreaterThanOrEqual(box.y - 1);
    await page.screenshot({ path: "test/e2e/screenshots/sweep-long-value-1280x720.png" });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.screenshot({ path: "test/e2e/screenshots/sweep-long-value-1440x900.png" });
    await dialog.getByRole("button", { name: "Close" }).click();

    const failing = ["sweep", "examples/gridworld-llm.foresight.json", "--set", "policy.baseUrl=http://127.0.0.1:9/v1", "--set", "policy.maxRetries=0", "--set", "run.onNodeError=endRun,endEpisode", "--episodes", "1", "-q", "--out", "runs"];
    try {
      execFileSync(process.execPath, [BIN, ...failing], { cwd: root, stdio: "ignore" });
    } catch {
      // Exits non-zero: a setting failed.
    }
    const llmFolder = readdirSync(join(root, "runs")).find((name) => name.startsWith("gridworld-llm-sweep-"))!;
    const llmDialog = await openSweepDialog(llmFolder, "gridworld-llm");
    const reason = llmDialog.getByText(/^Failed: .*127\.0\.0\.1:9/);
    await expect.poll(() => reason.count()).toBe(2);
    // By keyboard: the reason's More button is reached with Tab and shows the whole.
    const more = llmDialog.getByRole("button", { name: "All of why run.onNodeError=endRun failed" });
    for (let press = 0; press < 12 && !(await more.evaluate((element) => element === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement)); press++) await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    expect(await llmDialog.getByRole("button", { name: "Less of why run.onNodeError=endRun failed" }).getAttribute("aria-expanded")).toBe("true");
    await page.screenshot({ path: "test/e2e/screenshots/sweep-failure-1440x900.png" });
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.screenshot({ path: "test/e2e/screenshots/sweep-failure-1280x720.png" });
    await page.setViewportSize({ width: 1440, height: 900 });
    await llmDialog.getByRole("button", { name: "Close" }).click();
  }, 120_000);
});
