import { useEffect, useRef, useSyncExternalStore } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { downloadCanvas } from "../files/download.js";
import { alignedData } from "./curves.js";

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

/** One episode curve (this run, and the baseline dashed) drawn with uPlot; the chart is made once and fed new data. */
export function EpisodeChart({
  title,
  run,
  baseline,
  baselineName,
  range,
  shownLast = (value) => value.toFixed(2),
}: {
  title: string;
  run: number[];
  baseline: number[] | null;
  baselineName: string;
  range?: [number, number];
  /** How the last episode's value reads in the caption (a length is a count of steps: "200", not "200.00"). */
  shownLast?: (value: number) => string;
}) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const latest = useRef({ run, baseline });
  latest.current = { run, baseline };
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  // Canvas colours come from the theme's CSS variables: draw again when the theme changes.
  const scheme = useSyncExternalStore(subscribeScheme, () => dark?.matches ?? false);

  useEffect(() => {
    const text = cssVar("--text", "#222");
    const grid = cssVar("--border", "#ddd");
    const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 }, font: AXIS_FONT };
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
        series: [
          { label: "episode" },
          { label: "this run", stroke: cssVar("--accent", "#2f6fdf"), width: 1.5, points: { show: false } },
          { label: baselineName, stroke: cssVar("--muted", "#888"), width: 1.5, dash: [4, 3], points: { show: false } },
        ],
      },
      alignedData(latest.current.run, latest.current.baseline) as uPlot.AlignedData,
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
  }, [baselineName, range, scheme]);

  useEffect(() => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      chart.current?.setData(alignedData(latest.current.run, latest.current.baseline) as uPlot.AlignedData);
    }, REDRAW_MS);
  }, [run, baseline]);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);

  const last = run.at(-1);
  return (
    <figure className="episode-chart">
      <figcaption>
        {title} <span className="muted">{last === undefined ? "" : `· last ${shownLast(last)}`}</span>{" "}
        <button type="button" className="link export" aria-label={`Save ${title} chart as PNG`} onClick={() => chart.current && downloadCanvas(`${fileName(title)}.png`, chart.current.ctx.canvas)}>
          PNG
        </button>
      </figcaption>
      <div ref={host} role="img" aria-label={`${title} per episode: ${run.length} episodes${baseline ? `, baseline ${baseline.length}` : ""}`} />
    </figure>
  );
}
