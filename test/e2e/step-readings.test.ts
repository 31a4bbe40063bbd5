import { describe, expect, it } from "vitest";
import { chromium, needs } from "../fixtures/requirements.js";
import { editorForFile, openCliRun } from "./editor-harness.js";

const editor = editorForFile();

const inspector = () => editor.page.getByRole("region", { name: "Step inspector" });

describe("what the step view reads", needs(chromium()), () => {
  it("draws the candidates' scores as bars from zero: a bar's length is its score, negative ones below the zero line", async () => {
    const { page } = editor;
    await openCliRun(editor, "gridworld-vgps", 2);
    const chart = inspector().getByRole("img", { name: /^Q of each candidate, from / });
    await chart.waitFor();
    // An expression, not a function: these tests compile without the DOM's types.
    const drawn = (await page.evaluate(`((svg) => ({
      zero: Number(svg.querySelector("line.axis").getAttribute("y1")),
      bars: [...svg.querySelectorAll("rect")].map((bar) => ({
        top: Number(bar.getAttribute("y")),
        height: Number(bar.getAttribute("height")),
        value: Number(/Q (\\S+)/.exec(bar.querySelector("title").textContent)[1]),
      })),
    }))(document.querySelector('.step-inspector svg[aria-label^="Q of each candidate"]'))`)) as { zero: number; bars: { top: number; height: number; value: number }[] };
    expect(drawn.bars.length).toBeGreaterThan(1);
    // Scores are shown to 4 decimals: ones near 0 say little about the scale.
    const perUnit = drawn.bars.filter((bar) => Math.abs(bar.value) >= 0.05).map((bar) => bar.height / Math.abs(bar.value));
    for (const scale of perUnit) expect(scale).toBeCloseTo(perUnit[0]!, 1);
    for (const bar of drawn.bars) {
      if (bar.value > 0) expect(bar.top + bar.height).toBeCloseTo(drawn.zero, 3);
      if (bar.value < 0) expect(bar.top).toBeCloseTo(drawn.zero, 3);
    }
  }, 60_000);
});
