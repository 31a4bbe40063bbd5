import { GridWorld } from "./gridworld.js";
import { parseLayout } from "./layout.js";
import { isNamedMap, namedLayout, namedMapNames } from "./maps.js";

/** How to build a GridWorld. */
export interface GridWorldConfig {
  /** A built-in map name, or "random" for a size × size map generated from each reset seed. */
  map: string;
  /** ASCII rows (# . L S G) used instead of `map`, e.g. tiny maps in tests. */
  layout?: readonly string[];
  /** Side of generated maps; ignored otherwise. */
  size: number;
  /** Probability that a move goes to one of its two perpendicular directions instead. */
  slip: number;
  /** Discount of `exactQ`. */
  gamma: number;
}

/** Builds a GridWorld, checking the map and the numbers first. */
export function createGridWorld(config: GridWorldConfig): GridWorld {
  const { map, layout, size, slip, gamma } = config;
  if (!(slip >= 0 && slip <= 1)) throw new Error(`gridworld: slip must be a probability in [0, 1], got ${slip}`);
  if (!(gamma > 0 && gamma <= 1)) throw new Error(`gridworld: gamma must be in (0, 1], got ${gamma}`);
  if (layout) return GridWorld.create({ source: { kind: "fixed", layout: parseLayout("custom", layout) }, slip, gamma });
  if (map === "random") return GridWorld.create({ source: { kind: "random", size }, slip, gamma });
  if (isNamedMap(map)) return GridWorld.create({ source: { kind: "fixed", layout: namedLayout(map) }, slip, gamma });
  throw new Error(`gridworld: unknown map "${map}"; choose one of ${[...namedMapNames, "random"].join(", ")} or pass a layout`);
}
