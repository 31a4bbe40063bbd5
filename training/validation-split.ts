import { Rng } from "../runtime/rng.js";

/** The rows a fit trains on and the rows it holds out to report a validation loss. */
export interface ValidationSplit {
  training: Int32Array;
  validation: Int32Array;
}

/**
 * Holds out `fraction` (rounded down) of the groups, whole: with a row's episode as its group, no
 * held-out row shares an episode with a trained one, whose neighbouring steps would leak into the
 * validation loss. Without groups each row is its own. The same seed holds out the same rows, so a
 * task that fits round after round validates on one split throughout.
 */
export function validationSplit(rowCount: number, fraction: number, seed: number, groups?: Int32Array): ValidationSplit {
  const groupOf = groups ?? Int32Array.from({ length: rowCount }, (_, row) => row);
  if (groupOf.length !== rowCount) throw new Error(`${groupOf.length} group ids for ${rowCount} rows`);
  const count = groupCount(groupOf);
  const held = new Uint8Array(count);
  const order = shuffled(Int32Array.from({ length: count }, (_, group) => group), Rng.fromSeed(seed));
  for (const group of order.subarray(0, Math.floor(count * fraction))) held[group] = 1;
  const rows = Int32Array.from({ length: rowCount }, (_, row) => row);
  return { training: rows.filter((row) => held[groupOf[row]!] === 0), validation: rows.filter((row) => held[groupOf[row]!] === 1) };
}

/**
 * Dense group ids (0, 1, …, in order of first appearance) for rows labelled by any key, e.g.
 * "dataset/episode".
 */
export function groupIds(keys: readonly string[]): Int32Array {
  const idOf = new Map<string, number>();
  return Int32Array.from(keys, (key) => idOf.get(key) ?? (idOf.set(key, idOf.size), idOf.size - 1));
}

/** How many groups dense ids (0, 1, …, as groupIds gives them) name: the highest one, plus one. */
export function groupCount(ids: Int32Array): number {
  return ids.reduce((most, id) => Math.max(most, id + 1), 0);
}

/** Fisher–Yates, in place. */
export function shuffled(rows: Int32Array, rng: Rng): Int32Array {
  for (let i = rows.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const row = rows[i]!;
    rows[i] = rows[j]!;
    rows[j] = row;
  }
  return rows;
}
