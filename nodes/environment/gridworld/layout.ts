/** The tiles a map is drawn with: wall, floor, lava, start, goal. */
export const tiles = { wall: "#", floor: ".", lava: "L", start: "S", goal: "G" } as const;

/**
 * A parsed map. Immutable and shared by every environment and clone that plays on it,
 * so per-map caches (value iteration, goal distances) can key on the object itself.
 */
export interface GridLayout {
  /** Shown in observations: a named map, `random-<seed>`, or "custom". */
  readonly name: string;
  readonly rows: readonly string[];
  readonly height: number;
  readonly width: number;
  /** Cell index (row * width + col) of the start. */
  readonly start: number;
  /** Cell index of the goal. */
  readonly goal: number;
}

const knownTiles = new Set<string>(Object.values(tiles));

/** Parses ASCII rows into a layout; throws with the offending row and column when the map is malformed. */
export function parseLayout(name: string, rows: readonly string[]): GridLayout {
  const height = rows.length;
  const width = rows[0]?.length ?? 0;
  if (height === 0 || width === 0) throw new Error(`gridworld map "${name}": a map needs at least one non-empty row`);
  const starts: number[] = [];
  const goals: number[] = [];
  rows.forEach((row, r) => {
    if (row.length !== width) {
      throw new Error(`gridworld map "${name}": row ${r} has ${row.length} cells, row 0 has ${width}; rows must be equally long`);
    }
    [...row].forEach((tile, c) => {
      if (!knownTiles.has(tile)) {
        throw new Error(`gridworld map "${name}": unknown tile "${tile}" at row ${r}, column ${c} (use # . L S G)`);
      }
      if (tile === tiles.start) starts.push(r * width + c);
      if (tile === tiles.goal) goals.push(r * width + c);
    });
  });
  const [start] = starts;
  const [goal] = goals;
  if (starts.length !== 1 || start === undefined) throw new Error(`gridworld map "${name}": needs exactly one S, found ${starts.length}`);
  if (goals.length !== 1 || goal === undefined) throw new Error(`gridworld map "${name}": needs exactly one G, found ${goals.length}`);
  return Object.freeze({ name, rows: Object.freeze([...rows]), height, width, start, goal });
}

/** The tile character at a cell index. */
export function tileAt(layout: GridLayout, cell: number): string {
  const row = layout.rows[Math.floor(cell / layout.width)];
  return row?.[cell % layout.width] ?? tiles.wall;
}

/** [row, col] of a cell index. */
export function positionOf(layout: GridLayout, cell: number): [number, number] {
  return [Math.floor(cell / layout.width), cell % layout.width];
}

/** Whether two row lists draw the same map (cheap when they are the same array). */
export function sameRows(a: readonly string[], b: readonly string[]): boolean {
  return a === b || (a.length === b.length && a.every((row, r) => row === b[r]));
}
