import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Download, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { chromium, needs } from "../fixtures/requirements.js";
import { editorForFile, openCliRun, screenshotAtBothSizes } from "./editor-harness.js";
import { parseTraceLine } from "../../runtime/trace/candidate-rows.js";

const editor = editorForFile();

/** Clicks the button and answers the bytes of the download it starts. */
async function downloaded(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const download: Promise<Download> = page.waitForEvent("download");
  await click();
  const file = await download;
  return { name: file.suggestedFilename(), bytes: readFileSync((await file.path())!) };
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe("typing an episode and exporting what the step view and dashboard show", needs(chromium()), () => {
  it("goes to a typed episode; exports the candidates as CSV and the charts as SVG and PNG", async () => {
    const { page, root } = editor;
    const run = await openCliRun(editor, "gridworld-vgps", 5);

    await page.getByRole("spinbutton", { name: "Episode number" }).fill("3");
    const inspector = page.getByRole("region", { name: "Step inspector" });
    await expect.poll(() => inspector.getByRole("heading", { name: /^Episode [\d,]+, step [\d,]+$/ }).textContent()).toBe("Episode 3, step 0");

    const trace = readFileSync(join(root, "runs", run, "trace.jsonl"), "utf8").trim().split("\n").map((line) => parseTraceLine(line) as unknown as { type: string; episode?: number; step?: number; candidates?: { q: number }[] });
    const step = trace.find((event) => event.type === "step.end" && event.episode === 3 && event.step === 0)!;
    const csv = await downloaded(page, () => inspector.getByRole("button", { name: "Export candidates as CSV" }).click());
    expect(csv.name).toBe("candidates-episode-3-step-0.csv");
    const [header, ...rows] = csv.bytes.toString("utf8").trim().split("\r\n");
    expect(header!.split(",").slice(0, 3)).toEqual(["#", "action", "action_value"]);
    const q = header!.split(",").indexOf("q");
    expect(rows.map((row) => Number(row.split(",")[q]))).toEqual(step.candidates!.map((row) => row.q));

    const svg = await downloaded(page, () => inspector.getByRole("button", { name: /^Save .* chart as SVG$/ }).click());
    expect(svg.bytes.toString("utf8")).toMatch(/^<\?xml[^>]*>\n<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg.bytes.toString("utf8").match(/<rect /g)?.length).toBe(step.candidates!.length);
    await page.screenshot({ path: "test/e2e/screenshots/step-exports-1440x900.png" });
    const png = await downloaded(page, () => inspector.getByRole("button", { name: /^Save .* chart as PNG$/ }).click());
    expect(png.bytes.subarray(0, 8)).toEqual(PNG_SIGNATURE);

    await page.getByRole("tab", { name: "Dashboard" }).click();
    const curve = await downloaded(page, () => page.getByRole("button", { name: /^Save Return chart as PNG$/ }).click());
    expect(curve.name).toBe("return.png");
    expect(curve.bytes.subarray(0, 8)).toEqual(PNG_SIGNATURE);
  }, 60_000);

  it("draws the dashboard's curves with the episode axis's values clear of its title, and a length's last value as a count", async () => {
    const { page } = editor;
    await openCliRun(editor, "gridworld-policy-only", 100);
    await page.getByRole("tab", { name: "Dashboard" }).click();
    const dashboard = page.getByRole("region", { name: "Dashboard" });
    await expect.poll(() => dashboard.getByRole("img", { name: /per episode: 100 episodes/ }).count()).toBe(3);
    await expect.poll(() => dashboard.getByText(/^Length \(steps\)/).textContent()).toMatch(/· last \d+ PNG$/);
    // Under each plot, across its width, the rows with ink: the ticks, their values, then the title "episode",
    // each a band of its own (the values ran into the title: two bands).
    await page.waitForTimeout(400);
    const bands = await page.evaluate(`[...document.querySelectorAll(".dashboard .uplot")].map((chart) => {
      const canvas = chart.querySelector("canvas");
      const over = chart.querySelector(".u-over").getBoundingClientRect();
      const box = canvas.getBoundingClientRect();
      const scale = canvas.width / box.width;
      const [left, top] = [Math.round((over.left - box.left) * scale), Math.round((over.bottom - box.top) * scale)];
      const pixels = canvas.getContext("2d").getImageData(left, top, Math.round(over.width * scale), canvas.height - top);
      let count = 0, inked = false;
      for (let y = 0; y < pixels.height; y++) {
        let ink = false;
        for (let x = 0; x < pixels.width && !ink; x++) ink = pixels.data[(y * pixels.width + x) * 4 + 3] > 0;
        if (ink && !inked) count++;
        inked = ink;
      }
      return count;
    })`);
    expect(bands).toEqual([3, 3, 3]);
    await page.screenshot({ path: "test/e2e/screenshots/dashboard-axes-1440x900.png" });
  }, 60_000);

  it("draws no success curve of made-up zeros for a run or baseline whose world reports no success", async () => {
    const { page } = editor;
    const pendulum = await openCliRun(editor, "pendulum-random", 3);
    const grid = await openCliRun(editor, "gridworld-policy-only", 30);
    await page.getByRole("tab", { name: "Dashboard" }).click();
    const dashboard = page.getByRole("region", { name: "Dashboard" });
    const success = dashboard.getByRole("img", { name: /^Success rate \(moving average of 20\) per episode: / });
    // GridWorld's run beside Pendulum's as its baseline: the success chart has this run's curve alone.
    await dashboard.getByRole("combobox", { name: "Baseline" }).selectOption(`runs/${pendulum}`);
    await expect.poll(() => dashboard.getByRole("img", { name: /^Return per episode: 30 episodes, baseline 3$/ }).count()).toBe(1);
    expect(await success.getAttribute("aria-label")).toBe("Success rate (moving average of 20) per episode: 30 episodes");
    // And the other way round: Pendulum's run says its world reports none, and charts the baseline's successes alone.
    await openCliRun(editor, "pendulum-random", 4);
    await page.getByRole("tab", { name: "Dashboard" }).click();
    await dashboard.getByRole("combobox", { name: "Baseline" }).selectOption(`runs/${grid}`);
    await expect.poll(() => dashboard.getByRole("img", { name: /^Return per episode: 4 episodes, baseline 30$/ }).count()).toBe(1);
    expect(await dashboard.textContent()).toContain("this world reports no success");
    expect(await success.getAttribute("aria-label")).toBe("Success rate (moving average of 20) per episode: 0 episodes, baseline 30");
    await screenshotAtBothSizes(page, "dashboard-no-success");
  }, 60_000);

  it("writes the step view's episode and step with thousands separators, as every other count", async () => {
    const { page } = editor;
    await openCliRun(editor, "gridworld-policy-only", 1001);
    await page.getByRole("spinbutton", { name: "Episode number" }).fill("1000");
    const inspector = page.getByRole("region", { name: "Step inspector" });
    await expect.poll(() => inspector.getByRole("heading", { name: /^Episode [\d,]+, step [\d,]+$/ }).textContent()).toBe("Episode 1,000, step 0");
  }, 60_000);
});
