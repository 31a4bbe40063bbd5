import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES, PLAIN_PYTHON } from "../fixtures/external-env/python.js";
import { uniformPolicyPipeline } from "../fixtures/pipelines.js";
import { chromium, needs } from "../fixtures/requirements.js";
import { editorForFile, openCliRun, screenshotAtBothSizes } from "./editor-harness.js";

const editor = editorForFile();
/** Seed 3's episodes: the last one's return overflows (the caption's "last" read null.toFixed: a white page). */
const EPISODES = 28;

describe("a run whose episode returns are not all finite, on the Dashboard", needs(chromium()), () => {
  it("leaves those episodes out of the Return curve and says so, with the episodes' own numbers on its x axis", async () => {
    const { page, root } = editor;
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    for (const file of ["counter_env.py", "overflowing_return_env.py"]) copyFileSync(join(FIXTURES, file), join(root, "examples", file));
    const pipeline = uniformPolicyPipeline("overflow", { name: "process", command: [PLAIN_PYTHON, "overflowing_return_env.py"] }, { maxSteps: 12, trace: "full" }, 2);
    writeFileSync(join(root, "examples", "overflow.foresight.json"), JSON.stringify(pipeline, null, 2));
    const run = await openCliRun(editor, "overflow", EPISODES, "--trust");

    // The trace writes an infinite return as null (JSON has no Infinity).
    const ends = readFileSync(join(root, "runs", run, "trace.jsonl"), "utf8").trim().split("\n").map((line) => JSON.parse(line) as { type: string; episode: number; return: number | null }).filter((event) => event.type === "episode.end");
    const finite = ends.filter((end) => end.return !== null).map((end) => end.episode);
    const notFinite = ends.length - finite.length;
    expect(notFinite).toBeGreaterThan(1);
    expect(finite.length).toBeGreaterThan(1);
    expect(ends.at(-1)!.return).toBeNull();
    // Some episode left out before the last finite one: counted from 0, the axis would end short of its number.
    expect(finite.at(-1)).toBeGreaterThan(finite.length - 1);

    await page.getByRole("tab", { name: "Dashboard" }).click();
    const dashboard = page.getByRole("region", { name: "Dashboard" });
    await expect.poll(() => dashboard.getByTestId("not-finite-returns").textContent()).toBe(`${notFinite} episodes' return is not finite: left out of the Return curve.`);
    const returnsName = `Return per episode: ${finite.length} episodes`;
    const returns = dashboard.getByRole("img", { name: returnsName });
    await expect.poll(() => returns.count()).toBe(1);

    // The readout under the chart, from the keyboard: Home and End are the first and last episodes drawn, by their numbers.
    const readout = dashboard.locator("figure").filter({ has: page.getByRole("img", { name: returnsName }) }).locator(".chart-readout");
    expect(await readout.getAttribute("aria-live")).toBe("polite");
    await returns.focus();
    await page.keyboard.press("End");
    await expect.poll(() => readout.textContent()).toMatch(new RegExp(`^episode ${finite.at(-1)} · this run \\d`));
    await page.keyboard.press("Home");
    await expect.poll(() => readout.textContent()).toMatch(new RegExp(`^episode ${finite[0]} · this run \\d`));
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => readout.textContent()).toMatch(new RegExp(`^episode ${finite[1]} · this run \\d`));
    // And on hover, the success rate with its 95% band.
    const success = dashboard.getByRole("img", { name: /^Success rate/ });
    const box = (await success.boundingBox())!;
    await page.mouse.move(box.x + box.width - 40, box.y + box.height / 3);
    const successReadout = dashboard.locator("figure").filter({ has: page.getByRole("img", { name: /^Success rate/ }) }).locator(".chart-readout");
    await expect.poll(() => successReadout.textContent()).toMatch(/^episode \d+ · this run \d\.\d\d \(95% \d\.\d\d–\d\.\d\d\)$/);

    expect(pageErrors).toEqual([]);
    await screenshotAtBothSizes(page, "dashboard-not-finite-returns", dashboard.getByTestId("not-finite-returns"));
  }, 90_000);
});
