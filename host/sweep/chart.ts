import { chartsSuccessRate, type Estimate, type SweepPointResult, type SweepRecord } from "../../protocol/index.js";
import { sharedDecimals } from "../../protocol/format-estimate.js";
import { escapeMarkup as escape } from "../markup.js";
import { roundTicks } from "../report/curves-svg.js";
import { sweptAxes } from "./grid.js";
import { known } from "./tables.js";

const WIDTH = 720;
const HEIGHT = 420;
const MARGIN = { left: 64, top: 40, bottom: 56 };
/** Room on the right: the legend's, when there are several series. */
const LEGEND_WIDTH = 200;
const NO_LEGEND_WIDTH = 32;
/** Tableau 10: distinguishable, and the editor's port colours come from the same palette. */
const COLOURS = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];

/** What the chart plots: the success rate, or mean return where no setting's world says anything of success (Pendulum). */
interface Metric {
  name: string;
  of(point: SweepPointResult): Estimate;
  ticks: number[];
  tick(value: number): string;
  text(value: number): string;
}

function metricOf(record: SweepRecord): Metric {
  if (chartsSuccessRate(record)) {
    const percent = (v: number) => `${(100 * v).toFixed(1)}%`;
    return { name: "success rate", of: (point) => point.successRate, ticks: [0, 0.25, 0.5, 0.75, 1], tick: (v) => `${v * 100}%`, text: percent };
  }
  const returns = record.points.flatMap((point) => known(point.meanReturn) ?? []);
  const ticks = roundTicks(Math.min(...returns.map((r) => r.low)), Math.max(...returns.map((r) => r.high)));
  const decimals = sharedDecimals(...record.points.map((point) => point.meanReturn));
  return { name: "mean return", of: (point) => point.meanReturn, ticks, tick: String, text: (v) => v.toFixed(decimals) };
}

/**
 * The success rate with its 95% interval per point (mean return where the world says nothing of
 * success), as a self-contained SVG: the first swept key along the x axis (its values in the order
 * given), one coloured series per combination of the others.
 */
export function sweepChartSvg(record: SweepRecord): string {
  const metric = metricOf(record);
  const [xAxis, ...seriesAxes] = sweptAxes(record.axes);
  const xValues = xAxis?.values ?? ["all"];
  const seriesOf = (point: SweepPointResult) => seriesAxes.map((axis) => `${axis.key}=${point.values[axis.key]}`).join(", ");
  const series = [...new Set(record.points.map(seriesOf))];
  const right = seriesAxes.length > 0 ? LEGEND_WIDTH : NO_LEGEND_WIDTH;
  const plotWidth = WIDTH - MARGIN.left - right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (i: number) => MARGIN.left + (xValues.length === 1 ? plotWidth / 2 : (i * plotWidth) / (xValues.length - 1));
  const [bottom, top] = [metric.ticks[0]!, metric.ticks.at(-1)!];
  const y = (value: number) => MARGIN.top + ((top - value) / (top - bottom)) * plotHeight;
  // Points of different series at one x are nudged apart so their intervals stay readable.
  const nudge = (s: number) => (series.length === 1 ? 0 : (s - (series.length - 1) / 2) * Math.min(8, 40 / series.length));

  const parts: string[] = [];
  for (const tick of metric.ticks) {
    parts.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + plotWidth}" y1="${y(tick)}" y2="${y(tick)}" stroke="#ddd"/>`);
    parts.push(`<text x="${MARGIN.left - 8}" y="${y(tick) + 4}" text-anchor="end">${metric.tick(tick)}</text>`);
  }
  xValues.forEach((value, i) => parts.push(`<text x="${x(i)}" y="${MARGIN.top + plotHeight + 20}" text-anchor="middle">${escape(value)}</text>`));
  parts.push(`<text x="${MARGIN.left + plotWidth / 2}" y="${HEIGHT - 12}" text-anchor="middle">${escape(xAxis?.key ?? "")}</text>`);
  parts.push(`<text transform="translate(16 ${MARGIN.top + plotHeight / 2}) rotate(-90)" text-anchor="middle">${metric.name} (95% CI)</text>`);

  series.forEach((name, s) => {
    const colour = COLOURS[s % COLOURS.length]!;
    const points = record.points
      .flatMap((point) => {
        const rate = known(metric.of(point));
        return seriesOf(point) === name && rate ? [{ point, rate, i: xAxis ? xValues.indexOf(point.values[xAxis.key]!) : 0 }] : [];
      })
      .sort((a, b) => a.i - b.i);
    const path = points.map(({ rate, i }) => `${x(i) + nudge(s)},${y(rate.value)}`).join(" ");
    if (points.length > 1) parts.push(`<polyline points="${path}" fill="none" stroke="${colour}" stroke-width="2"/>`);
    for (const { point, rate, i } of points) {
      const cx = x(i) + nudge(s);
      const { value, low, high } = rate;
      parts.push(`<line x1="${cx}" x2="${cx}" y1="${y(low)}" y2="${y(high)}" stroke="${colour}" stroke-width="1.5"/>`);
      parts.push(`<circle cx="${cx}" cy="${y(value)}" r="4" fill="${colour}"><title>${escape(describe(point, metric))}</title></circle>`);
    }
    if (name !== "") {
      const ly = MARGIN.top + 8 + s * 20;
      parts.push(`<rect x="${WIDTH - right + 16}" y="${ly - 8}" width="12" height="12" fill="${colour}"/>`);
      parts.push(`<text x="${WIDTH - right + 34}" y="${ly + 2}">${escape(name)}</text>`);
    }
  });

  const title = `${record.pipeline}: ${metric.name} over ${record.episodes} episodes per setting`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12" role="img" aria-label="${escape(title)}">`,
    `<title>${escape(title)}</title>`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>`,
    `<text x="${MARGIN.left}" y="22" font-size="14">${escape(title)}</text>`,
    ...parts,
    "</svg>",
    "",
  ].join("\n");
}

function describe(point: SweepPointResult, metric: Metric): string {
  const settings = Object.entries(point.values).map(([key, value]) => `${key}=${value}`).join(", ");
  const { value, low, high } = known(metric.of(point))!;
  return `${settings}: ${metric.text(value)} [${metric.text(low)}, ${metric.text(high)}]`;
}

