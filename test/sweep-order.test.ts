import { describe, expect, it } from "vitest";
import { sweepChartSvg } from "../host/sweep/chart.js";
import { sweepAxes } from "../host/sweep/grid.js";
import { sweepCsv, sweepMarkdown } from "../host/sweep/tables.js";
import type { SweepPointResult, SweepRecord } from "../protocol/index.js";
import { completedSweep } from "./fixtures/sweep-record.js";

const rate = (value: number) => ({ value, low: value - 0.05, high: value + 0.05 });

/** A completed sweep of sampler.n typed as 32,1,4 crossed with risk.max typed as 0.5,0.1, played in that order. */
function typedOutOfOrder(): SweepRecord {
  const ns = [32, 1, 4];
  const maxes = [0.5, 0.1];
  const points = ns.flatMap((n) => maxes.map((max): SweepPointResult => ({ values: { "sampler.n": n, "risk.max": max }, runDir: `n${n}-m${max}`, status: "completed", episodes: 2, successRate: rate(n / 40 + max), meanReturn: rate(0), meanLength: rate(5), stepsPerSecond: 1 })));
  const axes = [
    { key: "sampler.n", values: ns },
    { key: "risk.max", values: maxes },
  ];
  return completedSweep(axes, points, 2);
}

// `--set sampler.n=32,1,4` drew its x axis 32, 1, 4 and a zig-zag line through it.
describe("a sweep of numbers typed out of order", () => {
  it("charts them ascending along x, each series a line left to right, its legend ascending too", () => {
    const svg = sweepChartSvg(typedOutOfOrder());
    const xLabels = [...svg.matchAll(/<text x="[\d.]+" y="\d+" text-anchor="middle">([^<]*)<\/text>/g)].map((match) => match[1]);
    expect(xLabels).toEqual(["1", "4", "32", "sampler.n"]);
    const legend = [...svg.matchAll(/<text x="560" y="[\d.]+">([^<]*)<\/text>/g)].map((match) => match[1]);
    expect(legend).toEqual(["0.1", "0.5"]);
    for (const line of svg.matchAll(/<polyline points="([^"]+)"/g)) {
      const xs = line[1]!.split(" ").map((point) => Number(point.split(",")[0]));
      expect(xs).toEqual([...xs].sort((a, b) => a - b));
    }
  });

  it("tabulates them ascending, the first key slowest, in results.md and results.csv", () => {
    const record = typedOutOfOrder();
    const rows = sweepMarkdown(record).split("\n").filter((line) => /^\| \d/.test(line)).map((line) => line.split(" | ").slice(0, 2).join(" ").slice(2));
    expect(rows).toEqual(["1 0.1", "1 0.5", "4 0.1", "4 0.5", "32 0.1", "32 0.5"]);
    expect(sweepCsv(record).split("\r\n").slice(1, 4).map((row) => row.split(",").slice(0, 2).join(" "))).toEqual(["1 0.1", "1 0.5", "4 0.1"]);
  });
});

// `--set 'executor.score=min(q, 1),q'` was split inside the parentheses into "min(q" and " 1)".
describe("a swept expression", () => {
  it("keeps a comma inside parentheses in its value", () => {
    expect(sweepAxes(["executor.score=min(q, 1),q"])[0]!.texts).toEqual(["min(q, 1)", "q"]);
    expect(sweepAxes(["executor.score=max(min(q, 1), 0),q"])[0]!.texts).toEqual(["max(min(q, 1), 0)", "q"]);
  });
});
