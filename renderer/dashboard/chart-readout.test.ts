import { describe, expect, it } from "vitest";
import { readoutText } from "./chart-readout.js";

const shown = (value: number) => value.toFixed(2);

describe("a chart's readout", () => {
  it("says the episode, this run's value and the baseline's", () => {
    const text = readoutText(250, [{ label: "baseline", look: "baseline", value: 0.31 }, { label: "this run", look: "run", value: 0.84 }], shown);
    expect(text).toBe("episode 250 · this run 0.84 · baseline 0.31");
  });

  it("puts the run's 95% band beside its value, and a raw point after it", () => {
    const band = readoutText(
      40,
      [
        { label: "95% low", look: "band-low", value: 0.62 },
        { label: "95% high", look: "band-high", value: 0.95 },
        { label: "this run", look: "run", value: 0.8 },
      ],
      shown,
    );
    expect(band).toBe("episode 40 · this run 0.80 (95% 0.62–0.95)");
    expect(readoutText(3, [{ label: "each episode", look: "raw-run", value: 1.2 }, { label: "this run", look: "run", value: 0.5 }], shown)).toBe("episode 3 · this run 0.50 · each episode 1.20");
  });

  it("shows – where a line has no value there (one left out, or not finite)", () => {
    expect(readoutText(7, [{ label: "this run", look: "run", value: null }, { label: "baseline", look: "baseline", value: Infinity }], shown)).toBe("episode 7 · this run – · baseline –");
  });
});
