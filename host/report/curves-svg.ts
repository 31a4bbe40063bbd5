import type { EpisodeResult } from "../../protocol/run-events.js";
import { escapeMarkup } from "../markup.js";

const WIDTH = 460;
const HEIGHT = 260;
const MARGIN = { left: 56, right: 16, top: 56, bottom: 40 };
const RUN_COLOUR = "#4e79a7";
const BASELINE_COLOUR = "#9aa0a6";

/** A curve per run: its name and one value per episode, in episode order. */
interface Series {
  name: string;
  values: number[];
  /** The episode number of each value (default 0, 1, 2, …): a run missing some episodes draws each where it is. */
  episodes?: number[];
  /** Episodes the run does not hold (not in its trace): its line is broken across them, not drawn over them. */
  missing?: ReadonlySet<number>;
  baseline: boolean;
}

/** The episode numbers of a series' values. */
const episodesOf = (s: Series): number[] => s.episodes ?? s.values.map((_, i) => i);

/** The success rate so far after each episode (of those whose success is known). */
export function successSoFar(episodes: readonly (EpisodeResult & { success: boolean })[]): number[] {
  let successes = 0;
  return episodes.map((episode, i) => (successes += episode.success ? 1 : 0) / (i + 1));
}

/**
 * A line chart of episode curves as a self-contained SVG: its title, the run in colour, a baseline in
 * grey, dashed. The value axis spans `fixed`, else round ticks around the values.
 */
export function curvesSvg(title: string, series: readonly Series[], format: (v: number) => string, fixed?: [number, number]): string {
  const all = series.flatMap((s) => s.values);
  const ticks = fixed ? Array.from({ length: 5 }, (_, t) => fixed[0] + ((fixed[1] - fixed[0]) * t) / 4) : roundTicks(Math.min(...all), Math.max(...all));
  const [low, high] = [ticks[0]!, ticks.at(-1)!];
  const numbers = series.flatMap(episodesOf);
  const [first, last] = numbers.length === 0 ? [0, 0] : [Math.min(...numbers), Math.max(...numbers)];
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (episode: number) => MARGIN.left + (last === first ? 0 : ((episode - first) * plotWidth) / (last - first));
  const y = (v: number) => MARGIN.top + (1 - (v - low) / (high - low || 1)) * plotHeight;
  const parts: string[] = [`<text x="${MARGIN.left}" y="14" font-size="12" font-weight="bold">${escapeMarkup(title)}</text>`];
  for (const v of ticks) {
    parts.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + plotWidth}" y1="${y(v)}" y2="${y(v)}" stroke="#e3e6ea" class="grid"/>`);
    parts.push(`<text x="${MARGIN.left - 6}" y="${y(v) + 4}" text-anchor="end">${escapeMarkup(format(v))}</text>`);
  }
  // Numbered from 0, as the report's episode section, the trace and the step view number them.
  parts.push(`<text x="${MARGIN.left}" y="${HEIGHT - 12}">episode ${first}</text>`);
  parts.push(`<text x="${MARGIN.left + plotWidth}" y="${HEIGHT - 12}" text-anchor="end">episode ${last}</text>`);
  series.forEach((s, k) => {
    const colour = s.baseline ? BASELINE_COLOUR : RUN_COLOUR;
    // The class lets the page's dark style lighten the run's blue; the baseline's grey reads on both.
    const line = `stroke="${colour}" stroke-width="2"${s.baseline ? ' stroke-dasharray="5 4"' : ' class="run"'}`;
    for (const piece of consecutivePieces(s)) {
      const points = piece.map(([episode, v]) => `${x(episode).toFixed(1)},${y(v).toFixed(1)}`).join(" ");
      parts.push(`<polyline points="${points}" fill="none" ${line}/>`);
    }
    // The legend above the plot, one entry per series side by side.
    const ly = MARGIN.top - 16;
    const lx = MARGIN.left + k * 200;
    parts.push(`<line x1="${lx}" x2="${lx + 18}" y1="${ly - 4}" y2="${ly - 4}" ${line}/>`);
    parts.push(`<text x="${lx + 24}" y="${ly}">${escapeMarkup(s.name)}</text>`);
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="11" fill="currentColor" role="img" aria-label="${escapeMarkup(title)}">`,
    `<title>${escapeMarkup(title)}</title>`,
    ...parts,
    "</svg>",
  ].join("\n");
}

/** A series' (episode, value) points, cut where episodes it does not hold lie between two of them. */
function consecutivePieces(s: Series): [number, number][][] {
  const episodes = episodesOf(s);
  const pieces: [number, number][][] = [];
  const gapBefore = (i: number) => {
    for (let episode = episodes[i - 1]! + 1; episode < episodes[i]!; episode++) if (s.missing?.has(episode)) return true;
    return false;
  };
  s.values.forEach((v, i) => {
    if (i === 0 || gapBefore(i)) pieces.push([]);
    pieces.at(-1)!.push([episodes[i]!, v]);
  });
  return pieces;
}

/** Ticks at multiples of a round step (1, 2, 2.5 or 5 × a power of ten), four to six intervals, spanning [low, high]. */
export function roundTicks(low: number, high: number): number[] {
  if (!Number.isFinite(low) || !Number.isFinite(high)) return [0, 0.25, 0.5, 0.75, 1];
  if (high - low < 1e-9) [low, high] = [low - 1, high + 1];
  const rough = (high - low) / 5;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((candidate) => candidate >= rough)!;
  const first = Math.floor(low / step);
  const last = Math.ceil(high / step);
  // Rounded to the step's decimals: 0.1 × 3 is 0.30000000000000004 in floating point.
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  return Array.from({ length: last - first + 1 }, (_, i) => Number(((first + i) * step).toFixed(decimals)));
}
