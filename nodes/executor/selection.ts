import type { Rng } from "../../runtime/rng.js";

/** How the executor picks among the eligible candidates. */
export type SelectRule = "argmax" | "softmax" | "epsilon-greedy";

/** A chosen row and a readable account of how it was chosen. */
export interface Selection {
  index: number;
  rule: string;
}

/** Picks one of `rows` (table row indices) given their `scores`, which are in the same order. */
export function selectRow(
  rows: readonly number[],
  scores: readonly number[],
  options: { select: SelectRule; score: string; temperature: number; epsilon: number },
  rng: Rng,
): Selection {
  const { score, temperature, epsilon } = options;
  switch (options.select) {
    case "argmax":
      return { index: rows[argmax(scores)]!, rule: `argmax of ${score}` };
    case "softmax":
      return { index: rows[rng.weighted(softmax(scores, temperature))]!, rule: `softmax(T=${temperature}) of ${score}` };
    case "epsilon-greedy":
      if (rng.float() < epsilon) return { index: rows[rng.int(rows.length)]!, rule: `epsilon-greedy: random (ε=${epsilon})` };
      return { index: rows[argmax(scores)]!, rule: `epsilon-greedy: argmax of ${score} (ε=${epsilon})` };
  }
}

// Strict ">" keeps the first of equal scores, and rows are in table order: ties go to the lowest row.
function argmax(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

function softmax(scores: readonly number[], temperature: number): number[] {
  const max = Math.max(...scores);
  // Rows at the max weigh 1 outright, so infinite scores give ties instead of ∞ − ∞ = NaN.
  const weights = scores.map((s) => (s === max ? 1 : Math.exp((s - max) / temperature)));
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => w / total);
}
