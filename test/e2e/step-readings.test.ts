import { describe, expect, it } from "vitest";
import { chromium, needs } from "../fixtures/requirements.js";
import { editorForFile, openCliRun, openFromDialog, pauseRun, runAnyway, runStatus, stopRunLeftGoing } from "./editor-harness.js";

const editor = editorForFile();

const inspector = () => editor.page.getByRole("region", { name: "Step inspector" });
const numbers = (text: string | null, pattern: RegExp) => pattern.exec(text ?? "")?.slice(1, 3).map((number) => Number(number.replaceAll(",", ""))) ?? null;

describe("what the step view reads", needs(chromium()), () => {
  it("numbers the episode and step of a paused run alike in the status line and the step view, from 0 as the CLI does", async () => {
    const { page } = editor;
    await openFromDialog(page, "examples/gridworld-vgps.foresight.json");
    await page.getByRole("tab", { name: "Inspector" }).click();
    // Long enough that it cannot end before Pause lands, however fast the machine.
    await page.getByLabel("episodes", { exact: true }).fill("100000");
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await runAnyway(page);
    await expect.poll(() => runStatus(page), { timeout: 20_000 }).toMatch(/^Running: episode [1-9]/);
    await pauseRun(page);
    const heading = () => inspector().getByRole("heading", { name: /^Episode [\d,]+, step [\d,]+$/ }).textContent();
    const inStatus = async () => numbers(await runStatus(page), /episode ([\d,]+)(?: of [\d,]+)?, step ([\d,]+)/);
    // Followed live, the step view shows the newest step: the one the status line names.
    await expect.poll(async () => JSON.stringify(numbers(await heading(), /Episode ([\d,]+), step ([\d,]+)/))).toBe(JSON.stringify(await inStatus()));
    // One step on, both move to the same next step.
    const before = await inStatus();
    await page.getByRole("button", { name: "Step", exact: true }).click();
    await expect.poll(async () => JSON.stringify(await inStatus()), { timeout: 10_000 }).not.toBe(JSON.stringify(before));
    await expect.poll(async () => JSON.stringify(numbers(await heading(), /Episode ([\d,]+), step ([\d,]+)/))).toBe(JSON.stringify(await inStatus()));
    await stopRunLeftGoing(page);
  }, 60_000);

  it("draws the candidates' scores as bars from the axis's base: a bar's length is its distance from it, zero or the low end the caption names", async () => {
    const { page } = editor;
    await openCliRun(editor, "gridworld-vgps", 2);
    const chart = inspector().getByRole("img", { name: /^Q of each candidate, from / });
    await chart.waitFor();
    // An expression, not a function: these tests compile without the DOM's types.
    const drawn = (await page.evaluate(`((svg) => ({
      base: Number(svg.querySelector("line.axis").getAttribute("y1")),
      caption: svg.closest("figure").querySelector("figcaption").textContent,
      bars: [...svg.querySelectorAll("rect")].map((bar) => ({
        top: Number(bar.getAttribute("y")),
        height: Number(bar.getAttribute("height")),
        value: Number(/Q (\\S+)/.exec(bar.querySelector("title").textContent)[1]),
      })),
    }))(document.querySelector('.step-inspector svg[aria-label^="Q of each candidate"]'))`)) as { base: number; caption: string; bars: { top: number; height: number; value: number }[] };
    expect(drawn.bars.length).toBeGreaterThan(1);
    // GridWorld's Q values lie close together (0.7 to 0.75), far from zero: the axis starts below the lowest, and says so.
    const from = /axis from (\S+), not 0/.exec(drawn.caption);
    expect(from, drawn.caption).not.toBeNull();
    const base = Number(from![1]!.replace("\u2212", "-"));
    expect(base).toBeLessThan(Math.min(...drawn.bars.map((bar) => bar.value)));
    // Scores are shown to 4 decimals: ones near the base say little about the scale.
    const perUnit = drawn.bars.filter((bar) => Math.abs(bar.value - base) >= 0.005).map((bar) => bar.height / Math.abs(bar.value - base));
    for (const scale of perUnit) expect(scale / perUnit[0]!).toBeCloseTo(1, 1);
    for (const bar of drawn.bars) expect(bar.top + bar.height).toBeCloseTo(drawn.base, 3);
  }, 60_000);
});
