import { describe, expect, it } from "vitest";
import { curvesSvg, roundTicks } from "./curves-svg.js";

describe("the report's curves", () => {
  it("put the value axis on round ticks around the values", () => {
    expect(roundTicks(-1.12, 0.91)).toEqual([-1.5, -1, -0.5, 0, 0.5, 1]);
    expect(roundTicks(0.81, 0.86)).toEqual([0.81, 0.82, 0.83, 0.84, 0.85, 0.86]);
    expect(roundTicks(0.1, 0.3)).toEqual([0.1, 0.15, 0.2, 0.25, 0.3]);
    expect(roundTicks(120, 980)).toEqual([0, 200, 400, 600, 800, 1000]);
    expect(roundTicks(2, 2)).toEqual([1, 1.5, 2, 2.5, 3]);
  });

  it("show their title above the legend, not only to assistive technology", () => {
    const svg = curvesSvg("Return, mean of the last 3 episodes", [{ name: "run", values: [0.2, 0.4, 0.9], baseline: false }], String);
    expect(svg).toContain('font-weight="bold">Return, mean of the last 3 episodes</text>');
    expect(svg).toContain('aria-label="Return, mean of the last 3 episodes"');
    expect([...svg.matchAll(/text-anchor="end">(-?[\d.]+)<\/text>/g)].map((m) => m[1])).toEqual(["0.2", "0.4", "0.6", "0.8", "1"]);
  });

  it("number the episodes from 0, as the rest of the report does", () => {
    const svg = curvesSvg("Success", [{ name: "run", values: [0, 1, 1], baseline: false }], String);
    expect([...svg.matchAll(/>(episode \d+)<\/text>/g)].map((m) => m[1])).toEqual(["episode 0", "episode 2"]);
  });

  it("draw values at their episode numbers, the line broken over episodes the run does not hold", () => {
    const svg = curvesSvg("Success", [{ name: "run", values: [0, 1, 1, 1], episodes: [0, 1, 5, 6], missing: new Set([2, 3, 4]), baseline: false }], String);
    expect([...svg.matchAll(/>(episode \d+)<\/text>/g)].map((m) => m[1])).toEqual(["episode 0", "episode 6"]);
    expect(svg.match(/<polyline /g)).toHaveLength(2);
  });
});
