import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { chromium, GYM_PYTHON, gymnasium, needs } from "../fixtures/requirements.js";
import { atSize, BIN, editorForFile, openCliRun, openFromDialog, pastTheWindow } from "./editor-harness.js";

const editor = editorForFile();
const inspector = (page: Page) => page.getByRole("region", { name: "Step inspector" });
const SIZES = [[1440, 900], [1280, 720]] as const;

describe("the step view in the run panel at 1440×900 and 1280×720", needs(chromium()), () => {
  it("shows the grid, the whole candidate table and the outcome line without scrolling; the Problems column takes no more than its share of the width (16 %)", async () => {
    const { page } = editor;
    await openFromDialog(page, "examples/gridworld-vgps.foresight.json");
    await openCliRun(editor, "gridworld-vgps", 2);
    await page.getByRole("slider", { name: "Step" }).fill("2");
    const step = inspector(page);
    const scene = step.getByRole("img", { name: /^Environment: agent at row/ });
    const outcome = step.getByTestId("step-outcome");
    const table = step.locator(".table-scroll");
    for (const [width, height] of SIZES) {
      await atSize(page, width, height);
      await page.screenshot({ path: `test/e2e/screenshots/step-view-fit-${width}x${height}.png` });
      expect(await page.getByRole("region", { name: "Problems" }).textContent()).toContain("No problems.");
      expect((await page.locator(".bottom-left").boundingBox())!.width).toBeLessThanOrEqual(width * 0.16 + 1);
      for (const part of [scene, outcome, table]) expect(await pastTheWindow(page, part)).toBe(0);
      expect(await outcome.textContent()).toMatch(/argmax of q/);
      // The table's last row is reached by scrolling the table itself, in sight.
      expect(await table.evaluate((box) => ((scroller) => scroller.scrollHeight > scroller.clientHeight)(box as unknown as { scrollHeight: number; clientHeight: number }))).toBe(true);
    }
    await atSize(page, 1440, 900);
  }, 60_000);

  it("shows each side's return and outcome of a fork beside its picture, in sight", async () => {
    const { page } = editor;
    await page.getByRole("button", { name: "Fork from this step" }).click();
    const panel = page.getByRole("region", { name: "Fork comparison" });
    await expect.poll(() => panel.getByTestId("fork-outcome").textContent(), { timeout: 20_000 }).toMatch(/return -?\d+\.\d{3}/);
    for (const [width, height] of SIZES) {
      await atSize(page, width, height);
      await page.screenshot({ path: `test/e2e/screenshots/fork-fit-${width}x${height}.png` });
      for (const id of ["original-outcome", "fork-outcome", "fork-changes"]) expect(await pastTheWindow(page, panel.getByTestId(id))).toBe(0);
    }
    // The canvas holds the run's pipeline unchanged.
    expect(await panel.getByTestId("fork-changes").textContent()).toBe("Params: no changes from the original run's pipeline.");
    await atSize(page, 1440, 900);
    await page.getByRole("tab", { name: "Step" }).click();
  }, 60_000);

  it("says which params the fork changed from the original run's pipeline: node id, param, before → after", async () => {
    const { page } = editor;
    await page.getByTestId("node:risk").click();
    await page.getByRole("tab", { name: "Inspector" }).click();
    await page.getByLabel("max", { exact: true }).fill("0.4");
    await page.getByRole("button", { name: "Fork from this step" }).click();
    const panel = page.getByRole("region", { name: "Fork comparison" });
    await expect.poll(() => panel.getByTestId("fork-changes").textContent(), { timeout: 20_000 }).toBe("Changed from the original: risk/max 0.5 → 0.4");
    await expect.poll(() => panel.getByTestId("fork-outcome").textContent(), { timeout: 20_000 }).toMatch(/return -?\d+\.\d{3}/);
    for (const [width, height] of SIZES) {
      await atSize(page, width, height);
      await page.screenshot({ path: `test/e2e/screenshots/fork-changes-${width}x${height}.png` });
      for (const id of ["original-outcome", "fork-outcome", "fork-changes"]) expect(await pastTheWindow(page, panel.getByTestId(id))).toBe(0);
    }
    await atSize(page, 1440, 900);
    await page.getByRole("tab", { name: "Step" }).click();
  }, 60_000);

  it("wraps a long reason for a missing frame in the picture's column, its advice in sight, the candidates and nodes beside it", { ...needs(gymnasium()), timeout: 90_000 }, async () => {
    const { page, root } = editor;
    const before = new Set(existsSync(join(root, "runs")) ? readdirSync(join(root, "runs")) : []);
    // pygame is not installed, so rendering fails and each step says why (and what to install) instead of a frame.
    execFileSync(process.execPath, [BIN, "run", join(root, "examples/cartpole-random.foresight.json"), "-n", "1", "-q", "--set", 'env.makeArgs={"render_mode":"rgb_array"}', "--set", `env.python=${GYM_PYTHON}`, "--out", join(root, "runs")], { cwd: root, stdio: "ignore" });
    const run = readdirSync(join(root, "runs")).find((name) => !before.has(name))!;
    await page.getByRole("tab", { name: "Runs" }).click();
    const runs = page.getByRole("region", { name: "Runs" });
    await runs.getByRole("button", { name: "Refresh" }).click();
    await runs.getByRole("button", { name: run, exact: true }).click();
    const reason = inspector(page).locator(".step-frame-omitted");
    await expect.poll(() => reason.textContent()).toMatch(/^No frame at this step: .*pip install/s);
    for (const [width, height] of SIZES) {
      await atSize(page, width, height);
      await page.screenshot({ path: `test/e2e/screenshots/frame-omitted-${width}x${height}.png` });
      expect((await inspector(page).locator(".step-env").boundingBox())!.width).toBeLessThan(width / 2);
      expect(await pastTheWindow(page, reason)).toBe(0);
      for (const column of [".step-candidates", ".step-nodes"]) expect((await inspector(page).locator(column).boundingBox())!.x).toBeLessThan(width);
    }
    await atSize(page, 1440, 900);
  });
});
