import { useEffect, useRef, useSyncExternalStore, type KeyboardEvent } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { downloadCanvas } from "../files/download.js";
import { alignedData, type Curve } from "./curves.js";
import { READOUT_HINT, readoutText, type LineLook } from "./chart-readout.js";

/** "Success rate (moving average of 20)" → "success-rate-moving-average-of-20". */
const fileName = (title: string) => title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");

/** The width before the panel is measured; the chart then fills its panel's width (ResizeObserver). */
const WIDTH = 300;
const HEIGHT = 120;
/** Pixels between y ticks at least: four or five labelled values in HEIGHT, not uPlot's default one or two. */
const Y_TICK_SPACE = 18;
/** Redraws at most this often: episodes can end hundreds of times a second. */
const REDRAW_MS = 250;
const EPISODE_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000];

const AXIS_FONT = "10px system-ui";
/** The x axis's tick length and height above its title: tick, uPlot's 5 px gap, a 10 px value and a little room. */
const X_TICK_SIZE = 4;
const X_AXIS_SIZE = 24;
/** Room beside a y tick label: the tick and uPlot's gap. */
const TICK_ROOM = 16;

/** The y axis as wide as its longest label ("-1,500" needs more than a fixed width gives "0.25"), as Grafana sizes its uPlot axes. */
function yAxisWidth(self: uPlot, values: string[] | null): number {
  self.ctx.save();
  self.ctx.font = AXIS_FONT;
  const widest = Math.max(0, ...(values ?? []).map((value) => self.ctx.measureText(value).width));
  self.ctx.restore();
  return Math.max(28, Math.ceil(widest) + TICK_ROOM);
}

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

const dark = typeof window !== "undefined" ? window.matchMedia("(prefers-color-scheme: dark)") : null;
const subscribeScheme = (onChange: () => void) => {
  dark?.addEventListener("change", onChange);
  return () => dark?.removeEventListener("change", onChange);
};

/** One line of a chart: what the readout calls it, how it is drawn, its points. */
export interface ChartLine {
  label: string;
  look: LineLook;
  curve: Curve;
}

/** Faint: a band's edges and fill. */
const BAND_ALPHA = 0.18;
/** Raw returns under their mean: dots, not a line (10,000 joined points are a solid block), faint where they pile up. */
const RAW_POINTS = { show: true, size: 3, width: 0 };
const RAW_ALPHA = 0.35;

function seriesOf(line: ChartLine): uPlot.Series {
  const accent = cssVar("--accent", "#2f6fdf");
  const common = { label: line.label, width: 1.5, points: { show: false }, spanGaps: true };
  if (line.look === "baseline") return { ...common, stroke: cssVar("--muted", "#888"), dash: [4, 3] };
  if (line.look === "run") return { ...common, stroke: accent, width: 2 };
  if (line.look === "raw-run") return { ...common, stroke: accent, alpha: RAW_ALPHA, paths: () => null, points: { ...RAW_POINTS, fill: accent, stroke: accent } };
  return { ...common, stroke: accent, width: 1, alpha: BAND_ALPHA };
}

/**
 * Episode curves (this run, the baseline dashed; a run's raw points or its 95% band faint under it) drawn
 * with uPlot; the chart is made once and fed new data. A readout under it says the values at the cursor.
 */
export function EpisodeChart({
  title,
  detail,
  lines,
  range,
  shownLast = (value) => value.toFixed(2),
}: {
  title: string;
  /** Said after the title, muted: how the curve is made ("mean of the last 500 episodes"). */
  detail?: string;
  /** Drawn in this order: the faint ones first. */
  lines: ChartLine[];
  range?: [number, number];
  /** How a value reads in the caption and readout (a length is a count of steps: "200", not "200.00"). */
  shownLast?: (value: number) => string;
}) {
  const host = useRef<HTMLDivElement>(null);
  const readout = useRef<HTMLParagraphElement>(null);
  const chart = useRef<uPlot | null>(null);
  const latest = useRef({ lines, shownLast });
  latest.current = { lines, shownLast };
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  // Canvas colours come from the theme's CSS variables: draw again when the theme changes.
  const scheme = useSyncExternalStore(subscribeScheme, () => dark?.matches ?? false);
  const looks = lines.map((line) => `${line.look}:${line.label}`).join();

  useEffect(() => {
    const text = cssVar("--text", "#222");
    const grid = cssVar("--border", "#ddd");
    const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 }, font: AXIS_FONT };
    const drawn = latest.current.lines;
    const low = drawn.findIndex((line) => line.look === "band-low");
    const high = drawn.findIndex((line) => line.look === "band-high");
    const plot = new uPlot(
      {
        width: WIDTH,
        height: HEIGHT,
        legend: { show: false },
        cursor: { show: true, drag: { x: false, y: false } },
        scales: { x: { time: false }, y: range ? { range } : { auto: true } },
        // Whole episodes on the x axis.
        axes: [
          // Short ticks, so their values end above the axis title: at uPlot's 10 px the values ran into it ("40episode60").
          { ...axis, ticks: { ...axis.ticks, size: X_TICK_SIZE }, size: X_AXIS_SIZE, incrs: EPISODE_STEPS, label: "episode", labelSize: 12, labelFont: AXIS_FONT, labelGap: 0 },
          { ...axis, size: yAxisWidth, space: Y_TICK_SPACE },
        ],
        series: [{ label: "episode" }, ...drawn.map(seriesOf)],
        ...(low >= 0 && high >= 0 ? { bands: [{ series: [high + 1, low + 1] as [number, number], fill: cssVar("--accent", "#2f6fdf") }] } : {}),
        hooks: { setCursor: [(self) => showReadout(self, readout.current, latest.current)] },
      },
      alignedData(drawn.map((line) => line.curve)) as uPlot.AlignedData,
      host.current!,
    );
    chart.current = plot;
    // As wide as its panel, which the user may widen.
    const resized = new ResizeObserver(([entry]) => {
      const width = Math.floor(entry?.contentRect.width ?? WIDTH);
      if (width > 0 && width !== plot.width) plot.setSize({ width, height: HEIGHT });
    });
    resized.observe(host.current!);
    return () => {
      resized.disconnect();
      plot.destroy();
      chart.current = null;
    };
  }, [looks, range, scheme]);

  useEffect(() => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      chart.current?.setData(alignedData(latest.current.lines.map((line) => line.curve)) as uPlot.AlignedData);
    }, REDRAW_MS);
  }, [lines]);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);

  const run = lines.find((line) => line.look === "run");
  const baseline = lines.find((line) => line.look === "baseline");
  const last = run?.curve.values.at(-1);
  return (
    <figure className="episode-chart">
      <figcaption>
        {title} {detail && <span className="muted">({detail})</span>} <span className="muted">{last === undefined ? "" : `· last ${Number.isFinite(last) ? shownLast(last) : "–"}`}</span>{" "}
        <button type="button" className="link export" aria-label={`Save ${title} chart as PNG`} onClick={() => chart.current && downloadCanvas(`${fileName(title)}.png`, chart.current.ctx.canvas)}>
          PNG
        </button>
      </figcaption>
      <div
        ref={host}
        role="img"
        tabIndex={0}
        className="chart-plot"
        aria-label={`${title} per episode: ${run?.curve.episodes.length ?? 0} episodes${baseline ? `, baseline ${baseline.curve.episodes.length}` : ""}`}
        onKeyDown={(event) => chart.current && moveCursor(chart.current, event)}
        onBlur={() => chart.current?.setCursor({ left: -10, top: -10 })}
      />
      <p ref={readout} className="chart-readout muted" aria-live="polite">
        {READOUT_HINT}
      </p>
    </figure>
  );
}

/** Writes the values at the cursor under the chart (straight into the element: the cursor moves with every mouse move). */
function showReadout(plot: uPlot, into: HTMLElement | null, { lines, shownLast }: { lines: ChartLine[]; shownLast: (value: number) => string }) {
  if (!into) return;
  const i = plot.cursor.idx;
  const episode = i === null || i === undefined ? undefined : plot.data[0][i];
  into.textContent =
    episode === undefined ? READOUT_HINT : readoutText(episode, lines.map((line, s) => ({ label: line.label, look: line.look, value: plot.data[s + 1]?.[i!] ?? null })), shownLast);
}

/** ← → move the cursor an episode, Home and End to the first and last: the readout follows, for keyboard users too. */
function moveCursor(plot: uPlot, event: KeyboardEvent) {
  const xs = plot.data[0];
  if (xs.length === 0) return;
  const now = plot.cursor.idx ?? null;
  const step = event.shiftKey ? Math.max(1, Math.round(xs.length / 20)) : 1;
  const next =
    event.key === "ArrowLeft" ? Math.max(0, (now ?? xs.length) - step)
    : event.key === "ArrowRight" ? Math.min(xs.length - 1, (now ?? -1) + step)
    : event.key === "Home" ? 0
    : event.key === "End" ? xs.length - 1
    : null;
  if (next === null) return;
  event.preventDefault();
  plot.setCursor({ left: plot.valToPos(xs[next]!, "x"), top: plot.bbox.height / devicePixelRatio / 2 });
}
