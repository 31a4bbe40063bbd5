import { gridSize, shownCount, shownSweepValue, type SweepValue } from "../../protocol/index.js";
import { outsideJsonStrings } from "../../runtime/outside-json-strings.js";
import { overrideValue } from "../../runtime/pipeline/overrides.js";

/** One swept setting: `--set sampler.n=4,8,16` is the key "sampler.n" with three values, as typed and as parsed. */
export interface SweepAxis {
  key: string;
  /** As typed: what each setting's `--set` gives. */
  texts: string[];
  /** As the run reads them (overrideValue): what sweep.json records. */
  values: SweepValue[];
}

/** One setting of the grid: a value per axis, and the `--set` overrides that make it. */
export interface SweepPoint {
  index: number;
  values: Record<string, SweepValue>;
  sets: string[];
}

/**
 * The most settings one sweep runs. Each is a run folder and a thread's start (about a second on
 * two cores before its first episode), and every setting is validated before any runs: 10,000 is
 * hours of runs already, and a table and chart no one reads whole. A larger grid is refused before
 * it is enumerated, which took memory without end (three axes of 1,000 values: a billion settings).
 */
export const MAX_SWEEP_SETTINGS = 10_000;

/**
 * The axes of `--set key=v1,v2,…` flags. Values split at commas outside brackets, parentheses and
 * quotes, so a JSON array or string value (`--set risk.keepTopK={"k":3}`, `--set x.labels=["a,b"]`)
 * or an expression (`--set executor.score=min(q, 1),q`) stays whole.
 * A key given twice is refused (its values would silently replace each other), and so is a value
 * given twice in one key, as typed or as read (4 and 4.0: the same setting would run twice).
 */
export function sweepAxes(sets: readonly string[]): SweepAxis[] {
  const axes: SweepAxis[] = [];
  for (const set of sets) {
    const eq = set.indexOf("=");
    if (eq <= 0) throw new Error(`--set ${set}: expected nodeId.param=value1,value2,…`);
    const key = set.slice(0, eq);
    if (axes.some((axis) => axis.key === key)) throw new Error(`--set ${key} is given twice: list all its values in one --set ${key}=a,b,c`);
    const texts = splitTopLevel(set.slice(eq + 1));
    if (texts.some((text) => text === "")) throw new Error(`--set ${set}: an empty value (two commas in a row, or one at an end)`);
    const values = texts.map((text) => overrideValue(text) as SweepValue);
    const read = values.map((value) => JSON.stringify(value));
    const repeated = read.findIndex((value, i) => read.indexOf(value) !== i);
    if (repeated >= 0) {
      const first = texts[read.indexOf(read[repeated]!)]!;
      const again = texts[repeated]!;
      throw new Error(`--set ${set}: the value ${first} is given twice${first === again ? "" : ` (as ${first} and ${again})`} (each setting of the grid runs once)`);
    }
    axes.push({ key, texts, values });
  }
  return axes;
}

/**
 * Refuses a grid of more than MAX_SWEEP_SETTINGS settings, naming each axis's size; counted, not
 * enumerated, so a grid of a billion is refused at once.
 */
export function checkGridSize(axes: readonly SweepAxis[]): void {
  const size = gridSize(axes);
  if (size <= MAX_SWEEP_SETTINGS) return;
  throw new Error(`${gridInWords(axes)} = ${shownCount(size)} settings; at most ${shownCount(MAX_SWEEP_SETTINGS)} in one sweep (give fewer values, or split the grid into several sweeps)`);
}

/** The grid's size per axis: "sampler.n 3 × search.maxNodes 2". */
export function gridInWords(axes: readonly SweepAxis[]): string {
  return axes.map((axis) => `${axis.key} ${shownCount(axis.values.length)}`).join(" × ");
}

/** Every combination of the axes' values, the first axis varying slowest. */
export function expandGrid(axes: readonly SweepAxis[]): SweepPoint[] {
  let combos: number[][] = [[]];
  for (const axis of axes) combos = combos.flatMap((combo) => axis.values.map((_, i) => [...combo, i]));
  return combos.map((picks, index) => ({
    index,
    values: Object.fromEntries(axes.map((axis, a) => [axis.key, axis.values[picks[a]!]!])),
    sets: axes.map((axis, a) => `${axis.key}=${axis.texts[picks[a]!]}`),
  }));
}

/** The axes with more than one value: what the table and chart are about. */
export function sweptAxes<Axis extends { values: readonly unknown[] }>(axes: readonly Axis[]): Axis[] {
  return axes.filter((axis) => axis.values.length > 1);
}

/** `key=value` for each of a setting's values, as the table, chart and messages name it ("sampler.n=16, risk.max=0.1"). */
export function settingInWords(values: Record<string, SweepValue>, keys: readonly string[] = Object.keys(values), separator = ", "): string {
  return keys.map((key) => `${key}=${shownSweepValue(values[key])}`).join(separator);
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (const i of outsideJsonStrings(text)) {
    const c = text[i];
    // Parentheses too: an expression value (`executor.score=min(q, 1),q`) has commas of its own.
    if (c === "[" || c === "{" || c === "(") depth++;
    else if (c === "]" || c === "}" || c === ")") depth--;
    else if (c === "," && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}
