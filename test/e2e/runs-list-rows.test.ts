import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { FIXTURES } from "../fixtures/external-env/python.js";
import { uniformPolicyPipeline } from "../fixtures/pipelines.js";
import { chromium, GYM_PYTHON, gymnasium, needs } from "../fixtures/requirements.js";
import { BIN, editorForFile } from "./editor-harness.js";

const editor = editorForFile();
const runsRegion = (page: Page) => page.getByRole("region", { name: "Runs" });

async function refreshRuns(page: Page): Promise<void> {
  await page.getByRole("tab", { name: "Runs" }).click();
  await runsRegion(page).getByRole("button", { name: "Refresh" }).click();
}

function newRun(before: Set<string>): string {
  return readdirSync(join(editor.root, "runs")).find((name) => !before.has(name))!;
}

describe("the Runs list's rows", needs(chromium()), () => {
  it("takes two lines a run, newest first, each with its start time, a long name cut short with the whole on hover", async () => {
    const { page, root } = editor;
    for (let i = 0; i < 10; i++) execFileSync(process.execPath, [BIN, "run", join(root, "examples/gridworld-policy-only.foresight.json"), "-n", "1", "-q", "--out", join(root, "runs")], { cwd: root });
    await page.setViewportSize({ width: 1280, height: 720 });
    await refreshRuns(page);
    const rows = runsRegion(page).locator("li.run-row");
    await expect.poll(() => rows.count()).toBe(10);
    await page.screenshot({ path: "test/e2e/screenshots/runs-list-rows-1280x720.png" });
    const starts: string[] = [];
    let inSight = 0;
    for (let i = 0; i < 10; i++) {
      const row = rows.nth(i);
      starts.push((await row.locator("time").getAttribute("datetime")) ?? "");
      expect(await row.locator("time").textContent()).toMatch(/^\d\d-\d\d \d\d:\d\d$/);
      const box = (await row.boundingBox())!;
      expect(box.height).toBeLessThanOrEqual(44);
      if (box.y + box.height <= page.viewportSize()!.height) inSight++;
    }
    expect(starts).toEqual([...starts].sort().reverse());
    // At 1280×720 the side panel shows at least eight runs, not five.
    expect(inSight).toBeGreaterThanOrEqual(8);
    const name = rows.first().locator("button.run-folder");
    expect((await name.boundingBox())!.height).toBeLessThan(24);
    expect(await name.getAttribute("title")).toMatch(/^Open runs\/gridworld-policy-only-/);
    await page.setViewportSize({ width: 1440, height: 900 });
  }, 60_000);

  it("shows a row's actions on a line of their own while it holds the keyboard focus, its status line still whole in sight", async () => {
    const { page } = editor;
    await refreshRuns(page);
    const row = runsRegion(page).locator("li.run-row").first();
    const details = row.locator(".run-details");
    const folded = (await row.boundingBox())!.height;
    await row.locator("button.run-folder").focus();
    await page.keyboard.press("Tab");
    expect(await page.evaluate("document.activeElement?.textContent")).toBe("Report");
    const line = (await details.boundingBox())!;
    const actions = (await row.locator(".run-actions").boundingBox())!;
    expect(actions.y).toBeGreaterThanOrEqual(line.y + line.height - 1);
    expect((await row.boundingBox())!.height).toBeGreaterThan(folded);
    // What shows at the status line's end is the status line itself, not an action over it.
    const text = await page.evaluate(`document.elementFromPoint(${line.x + line.width - 3}, ${line.y + line.height / 2})?.closest(".run-details") !== null`);
    expect(text).toBe(true);
    await page.screenshot({ path: "test/e2e/screenshots/runs-list-row-actions-focused.png" });
  });

  it("shows a failed run's reason on its line, not the stack dump of an environment that hung (that stays in the hover text); its dashboard says there is no curve to draw", { ...needs(gymnasium()), timeout: 60_000 }, async () => {
    const { page, root } = editor;
    const before = new Set(existsSync(join(root, "runs")) ? readdirSync(join(root, "runs")) : []);
    const env = { name: "process", command: [GYM_PYTHON, "-m", "foresight_env", "diagnosed_envs:HangsInStep", "--snapshot", "off"], cwd: FIXTURES, timeoutMs: 1000 };
    const file = join(root, "examples", "hangs.foresight.json");
    writeFileSync(file, JSON.stringify(uniformPolicyPipeline("hangs", env, { maxSteps: 5 }, 1)));
    spawnSync(process.execPath, [BIN, "run", file, "-q", "--out", join(root, "runs")], { cwd: root });
    const run = newRun(before);
    await refreshRuns(page);
    const row = runsRegion(page).locator("li.run-row").filter({ hasText: run });
    const details = row.locator(".run-details");
    await expect.poll(() => details.textContent()).toMatch(/first error: .*did not answer within 1000 ms/);
    expect(await details.textContent()).not.toMatch(/Current thread|File "/);
    expect(await details.getAttribute("title")).toMatch(/Current thread 0x[0-9a-f]+ \(most recent call first\):\n {2}File /);
    expect((await row.boundingBox())!.height).toBeLessThanOrEqual(44);

    await row.getByRole("button", { name: run, exact: true }).click();
    await page.getByRole("tab", { name: "Dashboard" }).click();
    const dashboard = page.getByRole("region", { name: "Dashboard" });
    await expect.poll(() => dashboard.getByTestId("no-curves").textContent()).toBe("No completed episodes: every episode failed — see the trace.");
    expect(await dashboard.locator(".episode-chart").count()).toBe(0);
  });

  it("lists a completed sweep as completed, and opens it in a dialog as wide as its table, which scrolls where the window is narrower", async () => {
    const { page, root } = editor;
    const args = ["sweep", join(root, "examples/gridworld-vgps.foresight.json"), "--set", "sampler.n=2,4", "--set", "sampler.temperature=0.5,1", "--episodes", "10", "-q", "--out", join(root, "runs")];
    execFileSync(process.execPath, [BIN, ...args], { cwd: root });
    const sweepFolder = readdirSync(join(root, "runs")).find((name) => name.includes("-sweep-"))!;
    await refreshRuns(page);
    const sweep = page.getByRole("region", { name: "Sweeps" }).getByRole("listitem").filter({ hasText: sweepFolder });
    await expect.poll(() => sweep.textContent()).toMatch(/4 settings · completed$/);
    await sweep.getByRole("button", { name: sweepFolder, exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Sweep of gridworld-vgps" });
    const table = dialog.getByRole("table", { name: "Sweep results" });
    for (const [width, height] of [[1440, 900], [1280, 720]] as const) {
      await page.setViewportSize({ width, height });
      await page.screenshot({ path: `test/e2e/screenshots/sweep-dialog-wide-${width}x${height}.png` });
      const box = (await dialog.boundingBox())!;
      const status = (await table.getByRole("columnheader", { name: "status" }).boundingBox())!;
      expect(status.x + status.width).toBeLessThanOrEqual(box.x + box.width);
      expect(await table.getByRole("row").nth(1).getByRole("cell").last().textContent()).toBe("completed");
      const cell = (await table.getByRole("row").nth(1).getByRole("cell").last().boundingBox())!;
      expect(await page.evaluate(`document.elementFromPoint(${cell.x + cell.width - 4}, ${cell.y + cell.height / 2})?.textContent`)).toBe("completed");
    }
    // Narrower than the table: the dialog stays in the window, and the table scrolls sideways to its status column.
    await page.setViewportSize({ width: 640, height: 720 });
    const box = (await dialog.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(640);
    const scroller = dialog.locator(".sweep-table-scroll");
    expect(await scroller.evaluate((element) => ((box) => box.scrollWidth - box.clientWidth)(element as unknown as { scrollWidth: number; clientWidth: number }))).toBeGreaterThan(0);
    await page.setViewportSize({ width: 1440, height: 900 });
    await dialog.getByRole("button", { name: "Close" }).click();
  }, 60_000);
});
