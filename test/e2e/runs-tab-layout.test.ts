import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN } from "../fixtures/foresight-process.js";
import { chromium, needs } from "../fixtures/requirements.js";
import { editorForFile } from "./editor-harness.js";

const editor = editorForFile();

describe("the Runs tab with many runs and a sweep", needs(chromium()), () => {
  it("shows the sweeps first, folds each list under a heading with its count, and tells runs apart by their time and --set", async () => {
    const { page, root } = editor;
    const pipeline = join(root, "examples/gridworld-vgps.foresight.json");
    execFileSync(process.execPath, [BIN, "sweep", pipeline, "--set", "sampler.n=1,2", "--episodes", "2", "-q", "--out", join(root, "runs")], { cwd: root });
    for (let n = 1; n <= 8; n++) execFileSync(process.execPath, [BIN, "run", pipeline, "--episodes", "1", "--set", `sampler.n=${n}`, "--set", "risk.max=0.25", "-q", "--out", join(root, "runs")], { cwd: root, stdio: "ignore" });
    const sweepFolder = readdirSync(join(root, "runs")).find((name) => name.includes("-sweep-"))!;
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.getByRole("tab", { name: "Runs" }).click();
    const runs = page.getByRole("region", { name: "Runs" });
    await runs.getByRole("button", { name: "Refresh" }).click();
    const others = runs.getByRole("group", { name: "Other runs" });
    await expect.poll(() => others.locator("li.run-row").count()).toBe(8);
    await page.screenshot({ path: "test/e2e/screenshots/runs-tab-sweeps-first-1280x720.png" });

    // The sweep is in sight without scrolling the tab, above the eight runs.
    const sweep = runs.getByRole("region", { name: "Sweeps" }).getByRole("button", { name: sweepFolder, exact: true });
    const box = (await sweep.boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual((await others.boundingBox())!.y);
    expect(await page.evaluate(`document.elementFromPoint(${box.x + 20}, ${box.y + box.height / 2})?.closest("button")?.title`)).toBe(`Open runs/${sweepFolder}`);
    expect(await runs.getByRole("heading", { name: "Sweeps 1" }).count()).toBe(1);
    expect(await runs.getByRole("heading", { name: "Other runs 8" }).count()).toBe(1);

    // Each run's time (its folder name's end) and --set are whole on screen, not cut off.
    const rows = others.locator("li.run-row");
    for (let i = 0; i < 8; i++) {
      const row = rows.nth(i);
      const folder = (await row.getByRole("button").first().getAttribute("title"))!.split("/").at(-1)!;
      const end = row.locator(".folder-name-end");
      expect(await end.textContent()).toBe(folder.match(/\d{6}-\d+$/)![0]);
      const endBox = (await end.boundingBox())!;
      const buttonBox = (await row.getByRole("button").first().boundingBox())!;
      expect(endBox.x + endBox.width).toBeLessThanOrEqual(buttonBox.x + buttonBox.width + 0.5);
      const set = row.locator(".run-set");
      expect(await set.textContent()).toMatch(/^--set sampler\.n=\d risk\.max=0\.25$/);
      expect(await set.evaluate((element) => (element as unknown as { scrollWidth: number; clientWidth: number }).scrollWidth <= (element as unknown as { clientWidth: number }).clientWidth)).toBe(true);
    }

    // A list folds away under its heading, by keyboard as by mouse.
    await others.locator("summary").focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => rows.first().isVisible()).toBe(false);
    await page.keyboard.press("Enter");
    await expect.poll(() => rows.first().isVisible()).toBe(true);
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.screenshot({ path: "test/e2e/screenshots/runs-tab-sweeps-first-1440x900.png" });
  }, 120_000);
});
