/** One swept setting: `--set sampler.n=4,8,16` is the key "sampler.n" with three values (as typed). */
export interface SweepAxis {
  key: string;
  values: string[];
}

/** One setting of the grid: a value per axis, and the `--set` overrides that make it. */
export interface SweepPoint {
  index: number;
  values: Record<string, string>;
  sets: string[];
}

/**
 * The axes of `--set key=v1,v2,…` flags. Values split at commas outside brackets and quotes, so a
 * JSON array or string value (`--set risk.keepTopK={"k":3}`, `--set x.labels=["a,b"]`) stays whole.
 * A key given twice is refused (its values would silently replace each other), and so is a value
 * given twice in one key (the same setting would run twice).
 */
export function sweepAxes(sets: readonly string[]): SweepAxis[] {
  const axes: SweepAxis[] = [];
  for (const set of sets) {
    const eq = set.indexOf("=");
    if (eq <= 0) throw new Error(`--set ${set}: expected nodeId.param=value1,value2,…`);
    const key = set.slice(0, eq);
    if (axes.some((axis) => axis.key === key)) throw new Error(`--set ${key} is given twice: list all its values in one --set ${key}=a,b,c`);
    const values = splitTopLevel(set.slice(eq + 1));
    if (values.some((value) => value === "")) throw new Error(`--set ${set}: an empty value (two commas in a row, or one at an end)`);
    const repeated = values.find((value, i) => values.indexOf(value) !== i);
    if (repeated !== undefined) throw new Error(`--set ${set}: the value ${repeated} is given twice (each setting of the grid runs once)`);
    axes.push({ key, values });
  }
  return axes;
}

/** Every combination of the axes' values, the first axis varying slowest. */
export function expandGrid(axes: readonly SweepAxis[]): SweepPoint[] {
  let combos: Record<string, string>[] = [{}];
  for (const axis of axes) combos = combos.flatMap((combo) => axis.values.map((value) => ({ ...combo, [axis.key]: value })));
  return combos.map((values, index) => ({ index, values, sets: Object.entries(values).map(([key, value]) => `${key}=${value}`) }));
}

/** The axes with more than one value: what the table and chart are about. */
export function sweptAxes(axes: readonly SweepAxis[]): SweepAxis[] {
  return axes.filter((axis) => axis.values.length > 1);
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === "\\") i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === "[" || c === "{") depth++;
    else if (c === "]" || c === "}") depth--;
    else if (c === "," && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}
