import { parseLayout, sameRows, type GridLayout } from "./layout.js";

/** The built-in maps, by name; "lava-bridge" is the default. */
export const namedMapNames = ["lava-bridge", "cliff", "lava-maze"] as const;

/** The name of a built-in map. */
export type NamedMap = (typeof namedMapNames)[number];

const mapRows: Record<NamedMap, readonly string[]> = {
  // The diagonal from S to G runs into a lava lake; the safe ways are the one-cell bridge
  // through its middle or along its ends. Most of a lava-blind heuristic's shortest paths
  // cross the lake, so it dies here about three times in four; exact Q never does.
  "lava-bridge": [
    "S........",
    ".........",
    "..LL.LL..",
    "..LL.LL..",
    ".........",
    ".........",
    "........G",
  ],
  // Classic cliff walk: the shortest route runs along a row of lava for thirteen steps,
  // so one careless or noisy step down is fatal. With slip, the safe route keeps a row away.
  cliff: [
    "..............",
    "S............G",
    "LLLLLLLLLLLLLL",
  ],
  // Walls funnel the agent through corridors whose junctions hold lava pools; the
  // lava-blind shortest paths tie between a safe corridor and one plugged by lava.
  "lava-maze": [
    "S.....#..",
    ".##L#.#..",
    ".#....L..",
    ".#.##.#..",
    "...L#...G",
  ],
};

const namedLayouts = new Map<string, GridLayout>(namedMapNames.map((name) => [name, parseLayout(name, mapRows[name])]));

/** Whether `name` is a built-in map. */
export function isNamedMap(name: string): name is NamedMap {
  return namedLayouts.has(name);
}

/** The shared, parsed layout of a built-in map. */
export function namedLayout(name: NamedMap): GridLayout {
  return namedLayouts.get(name)!;
}

/**
 * The layout a snapshot names. Reuses `current` or the built-in map when the rows match,
 * so restoring into a clone keeps sharing the solved value-iteration table.
 */
export function layoutFromSnapshot(current: GridLayout, name: string, rows: readonly string[]): GridLayout {
  if (current.name === name && sameRows(current.rows, rows)) return current;
  const named = namedLayouts.get(name);
  if (named && sameRows(named.rows, rows)) return named;
  return parseLayout(name, rows);
}
