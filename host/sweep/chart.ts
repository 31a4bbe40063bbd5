import { chartsSuccessRate, episodesAsked, everyEndedWithoutActing, inShownOrder, shownAxisValues, isPartial, sweepEpisodesInWords, sweepSettingsInWords, shownCount, shownSweepValue, type Estimate, type SweepValue, type SweepPointResult, type SweepRecord } from "../../protocol/index.js";
import { sharedDecimals } from "../../protocol/format-estimate.js";
import { escapeMarkup as escape } from "../markup.js";
import { roundTicks } from "../report/curves-svg.js";
import { settingInWords, sweptAxes } from "./grid.js";
import { known } from "./tables.js";

const WIDTH = 720;
const HEIGHT = 420;
const MARGIN = { left: 64, top: 40, bottom: 56 };
/** Room above the plot for each line of the note (a sweep that did not complete, settings not drawn). */
const NOTE_HEIGHT = 16;
/** Characters of a note line that fit beside the left margin (656 px of 12px sans-serif, about 6 px a character). */
const NOTE_CHARS = 108;
/** Lines of note at most: the plot keeps most of the chart's height (the whole note is in its aria-label). */
const MAX_NOTE_LINES = 4;
/** Settings a note names for one reason; the rest are counted. */
const NAMED_IN_NOTE = 3;
/** Room on the right: the legend's, when there are several series. */
const LEGEND_WIDTH = 200;
const NO_LEGEND_WIDTH = 32;
const LEGEND_ROW = 20;
/** Width of a digit of the 12px sans-serif labels (0.556 em): what decides how many x labels fit. */
const CHAR_WIDTH = 7;
/** The longest x label, in characters ({"kind":"simulator"}); one at an end of the axis is moved in to stay on the chart. */
const X_LABEL_CHARS = 20;
/** Keys that say what a JSON object is, shown first when its label is cut short ({"kind":"onnx",…}). */
const TELLING_KEYS = ["kind", "type", "name"];
/** Width of an average character of a legend entry ("sampler.temperature=0.5" is 134 px): past it an entry is cut short. */
const LEGEND_CHAR_WIDTH = 6;
/** Tableau 10: distinguishable, and the editor's port colours come from the same palette. */
const COLOURS = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];
/** Past ten series the colours come round again: each round has its own dash and marker, so no two series look alike. */
const ROUNDS = [
  { dash: "", marker: "circle" },
  { dash: "7 4", marker: "square" },
  { dash: "2 3", marker: "triangle" },
] as const;
const BACKGROUND = "#c8c8c8";

type Marker = (typeof ROUNDS)[number]["marker"];

/** What the chart plots: the success rate, or mean return where no setting's world says anything of success (Pendulum). */
interface Metric {
  name: string;
  of(point: SweepPointResult): Estimate;
  ticks: number[];
  tick(value: number): string;
  text(value: number): string;
}

function metricOf(record: SweepRecord): Metric | undefined {
  // No setting with figures yet (running, or every one failed): the world's metric is not known, and no axis is drawn as if it were.
  if (!record.points.some((point) => known(point.successRate) || known(point.meanReturn))) return undefined;
  if (chartsSuccessRate(record)) {
    const percent = (v: number) => `${(100 * v).toFixed(1)}%`;
    return { name: "success rate", of: (point) => point.successRate, ticks: [0, 0.25, 0.5, 0.75, 1], tick: (v) => `${v * 100}%`, text: percent };
  }
  const returns = record.points.flatMap((point) => known(point.meanReturn) ?? []);
  const ticks = roundTicks(Math.min(...returns.map((r) => r.low)), Math.max(...returns.map((r) => r.high)));
  const decimals = sharedDecimals(...record.points.map((point) => point.meanReturn));
  return { name: "mean return", of: (point) => point.meanReturn, ticks, tick: String, text: (v) => v.toFixed(decimals) };
}

/** The chart of a sweep that has no setting with figures: its axes bare, its title saying so. */
const NOTHING_YET: Metric = { name: "", of: (point) => point.successRate, ticks: [0, 1], tick: () => "", text: String };

/**
 * The success rate with its 95% interval per point (mean return where the world says nothing of
 * success), as a self-contained SVG: the first swept key along the x axis (numbers ascending, else
 * in the order given, labelled as many as fit), one series per combination of the others. As many series as the
 * legend has rows are drawn in colour; past that, an evenly spaced few are, and the rest are grey
 * lines behind them. A setting stopped part-way is drawn hollow: its figures are over fewer episodes.
 */
export function sweepChartSvg(record: SweepRecord): string {
  const metric = metricOf(record) ?? NOTHING_YET;
  const [xAxis, ...seriesAxes] = sweptAxes(record.axes);
  // Numbers ascending along x, whatever order they were typed in (32,1,4 drew a zig-zag).
  const xValues = xAxis ? shownAxisValues(xAxis.values) : ["all"];
  const xKeys = xAxis ? xValues.map((value) => JSON.stringify(value)) : [""];
  const xIndex = (point: SweepPointResult) => (xAxis ? xKeys.indexOf(JSON.stringify(point.values[xAxis.key])) : 0);
  const seriesKeys = seriesAxes.map((axis) => axis.key);
  // A series is named in the legend by its values alone, under a heading of its keys.
  const seriesOf = (point: SweepPointResult) => JSON.stringify(seriesKeys.map((key) => point.values[key] ?? null));
  const labels = new Map(inShownOrder(record.points, record.axes).map((point) => [seriesOf(point), seriesKeys.map((key) => shownSweepValue(point.values[key])).join(", ")]));
  const series = [...labels.keys()];
  const note = noteOf(record, metric);
  const noteLines = wrapped(note, NOTE_CHARS);
  const top = MARGIN.top + noteLines.length * NOTE_HEIGHT;
  const right = seriesAxes.length > 0 ? LEGEND_WIDTH : NO_LEGEND_WIDTH;
  const plotWidth = WIDTH - MARGIN.left - right;
  const plotHeight = HEIGHT - top - MARGIN.bottom;
  const legendRows = Math.floor(plotHeight / LEGEND_ROW) - 1;
  const coloured = series.length <= legendRows ? series : evenlySpaced(series, legendRows - 1);
  const grey = series.filter((id) => !coloured.includes(id));

  const spacing = xKeys.length > 1 ? plotWidth / (xKeys.length - 1) : plotWidth;
  // Points of different series at one x are nudged apart so their intervals stay readable, never as far as the next x.
  const nudgeStep = coloured.length === 1 ? 0 : Math.min(8, 40 / coloured.length, (0.6 * spacing) / coloured.length);
  const nudge = (s: number) => (s - (coloured.length - 1) / 2) * nudgeStep;
  const radius = Math.max(1.5, Math.min(4, spacing / 4));
  // Where many settings stand close, their intervals are drawn faint so the lines through the points still read.
  const intervalOpacity = spacing < 12 && coloured.length > 3 ? ' stroke-opacity="0.4"' : "";
  // Inset so the outermost nudged points stay inside the axes.
  const inset = xKeys.length === 1 ? 0 : Math.min(spacing / 2, Math.abs(nudge(0)) + radius);
  const x = (i: number) => MARGIN.left + (xKeys.length === 1 ? plotWidth / 2 : inset + (i * (plotWidth - 2 * inset)) / (xKeys.length - 1));
  const [bottom, topTick] = [metric.ticks[0]!, metric.ticks.at(-1)!];
  const y = (value: number) => top + ((topTick - value) / (topTick - bottom)) * plotHeight;

  const parts: string[] = [];
  for (const tick of metric.ticks) {
    parts.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + plotWidth}" y1="${y(tick)}" y2="${y(tick)}" stroke="#ddd"/>`);
    parts.push(`<text x="${MARGIN.left - 8}" y="${y(tick) + 4}" text-anchor="end">${metric.tick(tick)}</text>`);
  }
  // Each label cut short to X_LABEL_CHARS (a JSON object to its first entries, the whole in its tooltip), then as many as fit side by side: every k-th, from the first.
  const xLabels = xValues.map((value) => shortLabel(value, X_LABEL_CHARS));
  const widest = Math.max(...xLabels.map((label) => label.length)) * CHAR_WIDTH;
  const every = Math.max(1, Math.ceil((widest + 8) / spacing));
  xLabels.forEach((label, i) => {
    if (i % every !== 0) return;
    const whole = shownSweepValue(xValues[i]);
    const tooltip = label === whole ? "" : `<title>${escape(whole)}</title>`;
    parts.push(`<line x1="${x(i)}" x2="${x(i)}" y1="${top + plotHeight}" y2="${top + plotHeight + 4}" stroke="#999"/>`);
    const half = (label.length * CHAR_WIDTH) / 2;
    const labelX = Math.min(Math.max(x(i), half + 4), WIDTH - half - 4);
    parts.push(`<text x="${labelX}" y="${top + plotHeight + 18}" text-anchor="middle">${tooltip}${escape(label)}</text>`);
  });
  parts.push(`<text x="${MARGIN.left + plotWidth / 2}" y="${HEIGHT - 12}" text-anchor="middle">${escape(xAxis?.key ?? "")}</text>`);
  if (metric !== NOTHING_YET) parts.push(`<text transform="translate(16 ${top + plotHeight / 2}) rotate(-90)" text-anchor="middle">${metric.name} (95% CI)</text>`);

  const pointsOf = (id: string) =>
    record.points
      .flatMap((point) => {
        const estimate = known(metric.of(point));
        return seriesOf(point) === id && estimate ? [{ point, estimate, i: xIndex(point) }] : [];
      })
      .sort((a, b) => a.i - b.i);

  // The grey ones first, behind: each a line through its values, no intervals or markers.
  for (const id of grey) {
    const path = pointsOf(id).map(({ estimate, i }) => `${x(i)},${y(estimate.value)}`);
    if (path.length > 1) parts.push(`<polyline points="${path.join(" ")}" fill="none" stroke="${BACKGROUND}" stroke-width="1"><title>${escape(`${seriesKeys.join(", ")}: ${labels.get(id)}`)}</title></polyline>`);
  }

  const legendLeft = WIDTH - right + 12;
  const legendY = (row: number) => top + 8 + (row + 1) * LEGEND_ROW;
  if (seriesKeys.length > 0) parts.push(legendText(legendY(-1), seriesKeys.join(", "), legendLeft, ' font-weight="bold"'));
  coloured.forEach((id, s) => {
    const colour = COLOURS[s % COLOURS.length]!;
    const { dash, marker } = ROUNDS[Math.floor(s / COLOURS.length) % ROUNDS.length]!;
    const dashed = dash ? ` stroke-dasharray="${dash}"` : "";
    const points = pointsOf(id);
    const path = points.map(({ estimate, i }) => `${x(i) + nudge(s)},${y(estimate.value)}`).join(" ");
    if (points.length > 1) parts.push(`<polyline points="${path}" fill="none" stroke="${colour}" stroke-width="2"${dashed}/>`);
    for (const { point, estimate, i } of points) {
      const cx = x(i) + nudge(s);
      const { value, low, high } = estimate;
      parts.push(`<line x1="${cx}" x2="${cx}" y1="${y(low)}" y2="${y(high)}" stroke="${colour}" stroke-width="1.5"${intervalOpacity}/>`);
      parts.push(markerSvg(marker, cx, y(value), radius, colour, isPartial(point, record), describe(point, metric, record)));
    }
    if (seriesKeys.length > 0) {
      const ly = legendY(s);
      parts.push(`<line x1="${legendLeft}" x2="${legendLeft + 20}" y1="${ly - 2}" y2="${ly - 2}" stroke="${colour}" stroke-width="2"${dashed}/>`);
      parts.push(markerSvg(marker, legendLeft + 10, ly - 2, 4, colour, false));
      parts.push(legendText(ly, labels.get(id)!));
    }
  });
  if (grey.length > 0) {
    const ly = legendY(coloured.length);
    parts.push(`<line x1="${legendLeft}" x2="${legendLeft + 20}" y1="${ly - 2}" y2="${ly - 2}" stroke="${BACKGROUND}" stroke-width="2"/>`);
    parts.push(legendText(ly, `and ${grey.length} more (grey)`));
  }

  const nothing = record.status === "running" ? "no setting has finished yet" : "no setting finished";
  const title = metric === NOTHING_YET ? `${record.pipeline}: ${nothing}` : `${record.pipeline}: ${metric.name} over ${sweepEpisodesInWords(record).replace(/^episodes: (.*) per setting$/, "$1 episodes per setting")}`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12" role="img" aria-label="${escape(note ? `${title}; ${note}` : title)}">`,
    `<title>${escape(title)}</title>`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>`,
    `<text x="${MARGIN.left}" y="22" font-size="14">${escape(title)}</text>`,
    ...noteLines.map((line, i) => `<text x="${MARGIN.left}" y="${40 + i * NOTE_HEIGHT}" fill="#555">${escape(line)}</text>`),
    ...parts,
    "</svg>",
    "",
  ].join("\n");
}

/**
 * Under the title: how far a sweep that did not complete got, what hollow points are, and each
 * setting that is not drawn or whose figures leave episodes out, and why; as many lines as it takes.
 */
function noteOf(record: SweepRecord, metric: Metric): string {
  const { status, settings } = record;
  const partial = record.points.filter((point) => isPartial(point, record) && known(metric.of(point))).length;
  // Those that played and still have no figure: every episode ended without acting, or none finished.
  const undrawn = record.points.filter((point) => point.status !== "failed" && !known(metric.of(point)));
  const leftOut = record.points.filter((point) => (point.episodesFailed ?? 0) > 0 && known(metric.of(point)));
  const keys = sweptAxes(record.axes).map((axis) => axis.key);
  const parts = [
    ...(status === "completed" || status === "failed" ? [] : [`${status}: ${sweepSettingsInWords(record)}`]),
    ...(partial > 0 ? [`hollow: ${partial} stopped part-way, over fewer episodes`] : []),
    ...(settings.failed > 0 ? [`${shownCount(settings.failed)} failed (not drawn)`] : []),
    ...(undrawn.length > 0 && metric !== NOTHING_YET ? [`not drawn: ${named(undrawn, keys, (point) => whyUndrawn(point, metric))}`] : []),
    ...(leftOut.length > 0 ? [`failed episodes left out of: ${named(leftOut, keys, (point) => `${shownCount(point.episodesFailed!)} of ${shownCount(point.episodes + point.episodesFailed!)}`)}`] : []),
  ];
  return parts.join("; ");
}

/** Settings named with a reason each, the first few; the rest counted. */
function named(points: readonly SweepPointResult[], keys: readonly string[], why: (point: SweepPointResult) => string): string {
  const shown = points.slice(0, NAMED_IN_NOTE).map((point) => `${settingInWords(point.values, keys)} (${why(point)})`);
  return [...shown, ...(points.length > NAMED_IN_NOTE ? [`and ${shownCount(points.length - NAMED_IN_NOTE)} more`] : [])].join(", ");
}

function whyUndrawn(point: SweepPointResult, metric: Metric): string {
  if (everyEndedWithoutActing(point)) return `${shownCount(point.endedWithoutActing!)} of ${shownCount(point.episodes)} ended without acting`;
  if (point.episodes === 0) return "no episode finished";
  return `its world reports no ${metric.name}`;
}

/** Text broken between words into lines of at most `width` characters; past MAX_NOTE_LINES, the last cut with "…". */
function wrapped(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(" ")) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 1 + word.length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else if (word) lines.push(word);
  }
  if (lines.length <= MAX_NOTE_LINES) return lines;
  const kept = lines.slice(0, MAX_NOTE_LINES);
  kept[MAX_NOTE_LINES - 1] = `${kept[MAX_NOTE_LINES - 1]!.slice(0, width - 1)}…`;
  return kept;
}

/**
 * A value's label in at most `max` characters: as shown where it fits; a JSON object cut to the
 * entries that fit, those that say what it is first ({"kind":"onnx",…}); anything else cut with "…".
 */
export function shortLabel(value: SweepValue | undefined, max: number): string {
  const whole = shownSweepValue(value);
  if (whole.length <= max) return whole;
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const keys = Object.keys(value).sort((a, b) => Number(TELLING_KEYS.includes(b)) - Number(TELLING_KEYS.includes(a)));
    let shown = "{";
    for (const key of keys) {
      const entry = `${JSON.stringify(key)}:${JSON.stringify(value[key])},`;
      if (shown.length + entry.length + 2 > max) break;
      shown += entry;
    }
    if (shown.length > 1) return `${shown}…}`;
  }
  return `${whole.slice(0, max - 1)}…`;
}

/** `count` of `items`, evenly spaced from the first to the last. */
function evenlySpaced<T>(items: readonly T[], count: number): T[] {
  if (count <= 1) return items.slice(0, count);
  return Array.from({ length: count }, (_, k) => items[Math.round((k * (items.length - 1)) / (count - 1))]!);
}

function markerSvg(shape: Marker, cx: number, cy: number, r: number, colour: string, hollow: boolean, title?: string): string {
  const paint = `fill="${hollow ? "#fff" : colour}" stroke="${colour}" stroke-width="1.5"`;
  const [tag, at] =
    shape === "square"
      ? ["rect", `x="${cx - r}" y="${cy - r}" width="${2 * r}" height="${2 * r}"`]
      : shape === "triangle"
        ? ["polygon", `points="${cx},${cy - 1.2 * r} ${cx + 1.1 * r},${cy + 0.8 * r} ${cx - 1.1 * r},${cy + 0.8 * r}"`]
        : ["circle", `cx="${cx}" cy="${cy}" r="${r}"`];
  return `<${tag} ${at} ${paint}${title ? `><title>${escape(title)}</title></${tag}>` : "/>"}`;
}

/** A legend line's text from `left` (an entry's after its swatch), shortened with "…" to the legend's width (the whole in its tooltip). */
function legendText(y: number, text: string, left = WIDTH - LEGEND_WIDTH + 40, style = ""): string {
  const fits = Math.floor((WIDTH - left - 4) / LEGEND_CHAR_WIDTH);
  const shown = text.length > fits ? `${text.slice(0, fits - 1)}…` : text;
  const whole = shown === text ? "" : `<title>${escape(text)}</title>`;
  return `<text x="${left}" y="${y + 2}"${style}>${whole}${escape(shown)}</text>`;
}

function describe(point: SweepPointResult, metric: Metric, record: SweepRecord): string {
  const { value, low, high } = known(metric.of(point))!;
  const partial = isPartial(point, record) ? ` (stopped part-way: ${point.episodes} of ${episodesAsked(point, record)} episodes)` : "";
  return `${settingInWords(point.values)}: ${metric.text(value)} [${metric.text(low)}, ${metric.text(high)}]${partial}`;
}
