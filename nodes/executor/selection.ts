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
  const rules = rulesFor(options);
  switch (options.select) {
    case "argmax":
      return { index: rows[argmax(scores)]!, rule: rules.best };
    case "softmax":
      return { index: rows[rng.weighted(softmax(scores, options.temperature))]!, rule: rules.drawn };
    case "epsilon-greedy":
      if (rng.float() < options.epsilon) return { index: rows[rng.int(rows.length)]!, rule: rules.random };
      return { index: rows[argmax(scores)]!, rule: rules.best };
  }
}

interface Rules {
  best: string;
  drawn: string;
  random: string;
}

/** The rule texts of one executor's options, made once: selectRow runs every step of every lane. */
const rulesByOptions = new WeakMap<object, Rules>();

function rulesFor(options: { select: SelectRule; score: string; temperature: number; epsilon: number }): Rules {
  let rules = rulesByOptions.get(options);
  if (!rules) {
    const { score, temperature, epsilon } = options;
    rules = {
      best: options.select === "epsilon-greedy" ? `epsilon-greedy: argmax of ${score} (ε=${epsilon})` : `argmax of ${score}`,
      drawn: `softmax(T=${temperature}) of ${score}`,
      random: `epsilon-greedy: random (ε=${epsilon})`,
    };
    rulesByOptions.set(options, rules);
  }
  return rules;
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
