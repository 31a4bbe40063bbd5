import { clipToBounds, type BoxBounds } from "../../runtime/action-box.js";
import type { Rng } from "../../runtime/rng.js";

/** How the cross-entropy method refines continuous candidates. */
export interface CemSettings {
  /** Rounds of refit-and-redraw after the first scoring; 0 is off. */
  iterations: number;
  /** Share of a round's candidates (the best-scored) the next round's Gaussian is fitted to. */
  eliteFraction: number;
  /** Candidates drawn per round. */
  population: number;
  /** Floor of each dimension's standard deviation, so a round never collapses onto one point. */
  minStd: number;
}

/** Every candidate the refinement scored, in order: the starting ones (round 0), then each round's draws. */
export interface CemResult {
  actions: number[][];
  scores: number[];
  round: number[];
}

/**
 * The cross-entropy method over action vectors: fit a diagonal Gaussian to the elite (best-scored)
 * candidates of the last round, draw a new round from it (clipped to the bounds), score it, repeat.
 * Every scored candidate is kept, so the best one ever seen stays a choice.
 */
export async function refineByCem(
  start: { actions: readonly number[][]; scores: readonly number[] },
  score: (actions: number[][]) => Promise<readonly number[]>,
  settings: CemSettings,
  bounds: BoxBounds | undefined,
  rng: Rng,
): Promise<CemResult> {
  const result: CemResult = { actions: [...start.actions], scores: [...start.scores], round: start.actions.map(() => 0) };
  let last = { actions: start.actions, scores: start.scores };
  for (let round = 1; round <= settings.iterations; round++) {
    const elite = eliteOf(last, settings.eliteFraction);
    const { mean, std } = fitDiagonal(elite, settings.minStd);
    const actions = Array.from({ length: settings.population }, () => {
      const draw = mean.map((mu, d) => mu + std[d]! * rng.normal());
      return bounds ? clipToBounds(draw, bounds) : draw;
    });
    const scores = await score(actions);
    if (scores.length !== actions.length) throw new Error(`the CEM scorer gave ${scores.length} scores for ${actions.length} candidates`);
    result.actions.push(...actions);
    result.scores.push(...scores);
    result.round.push(...actions.map(() => round));
    last = { actions, scores };
  }
  return result;
}

/** The best ⌈fraction · n⌉ (at least 1) actions by score; ties keep the earlier row. */
export function eliteOf(round: { actions: readonly number[][]; scores: readonly number[] }, fraction: number): number[][] {
  const count = Math.max(1, Math.ceil(fraction * round.actions.length));
  const ranked = round.actions.map((_, i) => i).sort((a, b) => round.scores[b]! - round.scores[a]! || a - b);
  return ranked.slice(0, count).map((i) => round.actions[i]!);
}

/** Per-dimension mean and standard deviation of the elite, the deviation floored at `minStd`. */
export function fitDiagonal(elite: readonly number[][], minStd: number): { mean: number[]; std: number[] } {
  const size = elite[0]?.length ?? 0;
  const mean = Array.from({ length: size }, (_, d) => elite.reduce((sum, x) => sum + x[d]!, 0) / elite.length);
  const std = mean.map((mu, d) => Math.max(minStd, Math.sqrt(elite.reduce((sum, x) => sum + (x[d]! - mu) ** 2, 0) / elite.length)));
  return { mean, std };
}
