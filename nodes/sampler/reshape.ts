import type { Reshaping } from "./params.js";

/**
 * Sampling probabilities from log-weights: ∝ exp(logWeight / T), then top-k, then top-p
 * (nucleus), each renormalised — the order language-model samplers use. For a categorical
 * distribution the log-weights are log-probs, so exp(log p / T) is p^(1/T).
 */
export function samplingProbs(logWeights: readonly number[], { temperature, topK, topP }: Reshaping): number[] {
  // Plain loops, one array (every lockstep lane samples every step); the same operations in the same order as
  // Math.max(...), map and normalise, so the same bits.
  let max = -Infinity;
  for (let i = 0; i < logWeights.length; i++) max = Math.max(max, logWeights[i]!);
  if (!Number.isFinite(max)) throw new Error("the distribution gives no action a positive probability");
  // Working from the max keeps exp() finite as the temperature goes to 0.
  let probs: number[] = [];
  let total = 0;
  for (let i = 0; i < logWeights.length; i++) {
    const weight = Math.exp((logWeights[i]! - max) / temperature);
    probs.push(weight);
    total += weight;
  }
  for (let i = 0; i < probs.length; i++) probs[i] = probs[i]! / total;
  if (topK !== null) probs = keepLikeliest(probs, (ranked) => Math.min(topK, ranked.length));
  if (topP !== null) probs = keepLikeliest(probs, (ranked) => nucleusSize(ranked.map((i) => probs[i]!), topP));
  return probs;
}

/** Index of the most likely entry; ties go to the lowest index. */
export function argmax(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

/** Zeroes all but the `count(ranked)` likeliest entries, ranked with ties broken by index, and renormalises. */
function keepLikeliest(probs: readonly number[], count: (ranked: number[]) => number): number[] {
  const ranked = probs.map((_, i) => i).sort((a, b) => probs[b]! - probs[a]! || a - b);
  const kept = new Set(ranked.slice(0, count(ranked)));
  return normalise(probs.map((p, i) => (kept.has(i) ? p : 0)));
}

/** How many of the descending `sorted` probs it takes to reach `topP`, counting the one that crosses it. */
function nucleusSize(sorted: readonly number[], topP: number): number {
  let cumulative = 0;
  for (let i = 0; i < sorted.length; i++) {
    cumulative += sorted[i]!;
    // The tolerance stops rounding from pulling in one more action when the mass hits p exactly.
    if (cumulative >= topP - 1e-12) return i + 1;
  }
  return sorted.length;
}

function normalise(weights: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => w / total);
}
