import { Rng } from "../../../runtime/rng.js";
import { distancesFrom, unreachable } from "./distance.js";
import { parseLayout, tiles, type GridLayout } from "./layout.js";

/**
 * Attempts before giving up on clutter. Each attempt draws fewer walls and pools than the
 * one before, and the last draws none: S and G on opposite edges with only the lava band
 * (which always has a gap) between them, so a safe path always exists.
 */
const attempts = 20;
/** Share of cells turned to walls, and to lava pools, at full clutter. */
const wallShare = 0.12;
const poolShare = 0.05;

/**
 * A size × size map drawn from `seed`: S on the left edge, G on the right edge, a lava band
 * across the straight route with a gap (the safe detour), scattered walls and lava pools.
 * The same (size, seed) always gives the same map, and it always has a lava-free path from S to G.
 */
export function generateLayout(size: number, seed: number): GridLayout {
  if (!Number.isInteger(size) || size < 5) throw new Error(`gridworld: a random map needs an integer size of at least 5, got ${size}`);
  const rng = Rng.derive("gridworld-map", size, seed);
  for (let attempt = 0; ; attempt++) {
    const clutter = 1 - attempt / (attempts - 1);
    const layout = parseLayout(generatedMapName(seed), drawRows(size, rng, clutter));
    if (attempt === attempts - 1 || hasSafePath(layout)) return layout;
  }
}

/** The name observations show for the map generated from `seed`. */
export function generatedMapName(seed: number): string {
  return `random-${seed}`;
}

/** The seed a generated map's name carries, or undefined when `name` is not such a name. */
export function seedOfGeneratedName(name: string): number | undefined {
  if (!name.startsWith("random-")) return undefined;
  const seed = Number(name.slice("random-".length));
  return generatedMapName(seed) === name ? seed : undefined;
}

/** Generated maps kept per size; episodes revisit recent seeds (clones, encoding past observations). */
const cachedPerSize = 256;
const generatedLayouts = new Map<number, Map<number, GridLayout>>();

/**
 * `generateLayout(size, seed)`, drawn once and then shared while it stays among the recent
 * ones, so every environment on that map shares per-layout caches (exact Q, encodings).
 */
export function cachedGeneratedLayout(size: number, seed: number): GridLayout {
  let bySeed = generatedLayouts.get(size);
  if (!bySeed) {
    bySeed = new Map();
    generatedLayouts.set(size, bySeed);
  }
  const cached = bySeed.get(seed);
  if (cached) return cached;
  const layout = generateLayout(size, seed);
  if (bySeed.size >= cachedPerSize) bySeed.delete(bySeed.keys().next().value!);
  bySeed.set(seed, layout);
  return layout;
}

function drawRows(size: number, rng: Rng, clutter: number): string[] {
  const grid = Array.from({ length: size }, () => Array<string>(size).fill(tiles.floor));
  const set = (row: number, col: number, tile: string): void => {
    grid[row]![col] = tile;
  };
  const isFloor = (row: number, col: number): boolean => grid[row]![col] === tiles.floor;

  set(rng.int(size), 0, tiles.start);
  set(rng.int(size), size - 1, tiles.goal);

  // A band of lava near the middle that every route must cross, except through one gap;
  // wider on bigger maps. Centred so S has room to head straight for it first.
  const bandWidth = Math.max(1, Math.floor(size / 8));
  const bandStart = Math.floor((size - bandWidth) / 2) - 1 + rng.int(3);
  const gapHeight = 1 + rng.int(2);
  const gapStart = rng.int(size - gapHeight + 1);
  for (let row = 0; row < size; row++) {
    if (row >= gapStart && row < gapStart + gapHeight) continue;
    for (let col = bandStart; col < bandStart + bandWidth; col++) set(row, col, tiles.lava);
  }

  const scatter = (count: number, tile: string): void => {
    for (let placed = 0; placed < count; placed++) {
      const row = rng.int(size);
      const col = rng.int(size);
      if (isFloor(row, col)) set(row, col, tile);
    }
  };
  scatter(Math.round(size * size * poolShare * clutter), tiles.lava);
  scatter(Math.round(size * size * wallShare * clutter), tiles.wall);
  return grid.map((row) => row.join(""));
}

function hasSafePath(layout: GridLayout): boolean {
  const safe = distancesFrom(layout, layout.start, (tile) => tile !== tiles.wall && tile !== tiles.lava);
  return safe[layout.goal] !== unreachable;
}
