import { describe, expect, it } from "vitest";
import type { ActionDistribution } from "../../runtime/ports.js";
import { Rng } from "../../runtime/rng.js";
import { createNode, stepContext } from "../../test/fixtures/node-harness.js";
import { eliteOf, fitDiagonal, refineByCem } from "./cem.js";
import { samplerKind } from "./index.js";

const bounded: ActionDistribution = { kind: "gaussian", mean: [1.5, 0], logStd: [0, Math.log(3)], bounds: { low: [-2, -1], high: [2, 1] } };

async function sample(params: Record<string, unknown>, distribution: ActionDistribution) {
  const node = await createNode(samplerKind, params);
  return (await node.run({ distribution }, stepContext("sampler", 1))).candidates;
}

describe("continuous draws", () => {
  it("clips every drawn vector into the action space's bounds, and some draws land on them", async () => {
    const table = await sample({ n: 400 }, bounded);
    const vectors = table.actions as number[][];
    for (const [x, y] of vectors) {
      expect(x).toBeGreaterThanOrEqual(-2);
      expect(x).toBeLessThanOrEqual(2);
      expect(y).toBeGreaterThanOrEqual(-1);
      expect(y).toBeLessThanOrEqual(1);
    }
    expect(vectors.filter(([x]) => x === 2).length).toBeGreaterThan(50);
    expect(vectors.filter(([, y]) => y === -1).length).toBeGreaterThan(50);
  });

  it("clips the greedy mean too", async () => {
    const table = await sample({ n: 2, includeGreedy: true }, { ...bounded, mean: [5, -0.5] });
    expect(table.actions[0]).toEqual([2, -0.5]);
  });

  it("leaves draws unclipped when the distribution carries no bounds", async () => {
    const { bounds: _, ...free } = bounded as Extract<ActionDistribution, { kind: "gaussian" }>;
    const vectors = (await sample({ n: 200 }, free)).actions as number[][];
    expect(vectors.some(([x]) => x! > 2)).toBe(true);
  });
});

describe("the cross-entropy method", () => {
  // A score peaked at [0.7, −0.3]; the start is scattered widely around the origin.
  const peak = [0.7, -0.3];
  const score = async (actions: number[][]) => actions.map((a) => -((a[0]! - peak[0]!) ** 2) - (a[1]! - peak[1]!) ** 2);

  it("takes the best ⌈fraction·n⌉ rows as the elite, ties to the earlier row", () => {
    const round = { actions: [[0], [1], [2], [3], [4]], scores: [1, 5, 5, 0, 2] };
    expect(eliteOf(round, 0.4)).toEqual([[1], [2]]);
    expect(eliteOf(round, 0.01)).toEqual([[1]]);
  });

  it("fits the elite's mean and deviation, floored", () => {
    expect(fitDiagonal([[0, 1], [2, 1]], 0.1)).toEqual({ mean: [1, 1], std: [1, 0.1] });
  });

  it("moves the candidates towards the score's peak round after round, keeping every round's rows", async () => {
    const rng = Rng.fromSeed(4);
    const start = Array.from({ length: 32 }, () => [2 * rng.normal(), 2 * rng.normal()]);
    const result = await refineByCem({ actions: start, scores: await score(start) }, score, { iterations: 4, eliteFraction: 0.25, population: 32, minStd: 0.01 }, undefined, rng);
    expect(result.actions).toHaveLength(32 * 5);
    expect(result.round.filter((r) => r === 4)).toHaveLength(32);
    const bestOf = (round: number) => Math.max(...result.scores.filter((_, i) => result.round[i] === round));
    const meanOf = (round: number) => {
      const rows = result.scores.filter((_, i) => result.round[i] === round);
      return rows.reduce((a, b) => a + b, 0) / rows.length;
    };
    expect(bestOf(4)).toBeGreaterThan(bestOf(0));
    expect(meanOf(4)).toBeGreaterThan(meanOf(1));
    expect(bestOf(4)).toBeGreaterThan(-0.01);
  });

  it("draws only inside the bounds", async () => {
    const rng = Rng.fromSeed(5);
    const start = [[0.9, 0.9], [0.5, 0.5]];
    const far = async (actions: number[][]) => actions.map((a) => a[0]! + a[1]!);
    const result = await refineByCem({ actions: start, scores: await far(start) }, far, { iterations: 3, eliteFraction: 0.5, population: 16, minStd: 0.5 }, { low: [-1, -1], high: [1, 1] }, rng);
    for (const action of result.actions) for (const x of action) expect(Math.abs(x)).toBeLessThanOrEqual(1);
  });
});

describe("uniform draws over a box (the uniform policy's)", () => {
  it("spread evenly between the bounds, none on them, each with the box's log-density; the greedy row is the centre", async () => {
    const box: ActionDistribution = { kind: "uniform", space: { type: "Box", shape: [2], low: [-2, 0], high: [2, 1], dtype: "float32" } };
    const table = await sample({ n: 400, includeGreedy: true }, box);
    const vectors = table.actions as number[][];
    expect(vectors[0]).toEqual([0, 0.5]);
    for (const [x, y] of vectors) {
      expect(Math.abs(x!)).toBeLessThan(2);
      expect(y).toBeGreaterThanOrEqual(0);
      expect(y).toBeLessThan(1);
    }
    // A quarter of uniform draws land in each quarter of [−2, 2]; a clipped N(0, 1) would put ~2 % in the outer ones.
    expect(vectors.filter(([x]) => x! > 1).length).toBeGreaterThan(70);
    expect(table.numbers("logp").every((logp) => Math.abs(logp - -Math.log(4)) < 1e-12)).toBe(true);
  });
});
