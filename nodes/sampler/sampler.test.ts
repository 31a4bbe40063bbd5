import { describe, expect, it } from "vitest";
import type { CandidateTable } from "../../runtime/candidate-table.js";
import type { ActionDistribution } from "../../runtime/ports.js";
import { samplerKind } from "./index.js";
import { createNode, stepContext } from "../../test/fixtures/node-harness.js";

const categorical: ActionDistribution = { kind: "categorical", actions: [0, 1, 2, 3], probs: [0.1, 0.5, 0.3, 0.1] };

const context = (seed = 1) => stepContext("sampler", seed);

async function sample(params: Record<string, unknown>, distribution: ActionDistribution, seed = 1): Promise<CandidateTable> {
  const node = await createNode(samplerKind, params);
  const { candidates } = await node.run({ distribution }, context(seed));
  return candidates;
}

function frequencies(actions: readonly unknown[], of: readonly number[]): number[] {
  return of.map((a) => actions.filter((x) => x === a).length / actions.length);
}

describe("sampler on a categorical distribution", () => {
  it("draws actions about as often as their probabilities", async () => {
    const table = await sample({ n: 1024 }, categorical);
    expect(table.size).toBe(1024);
    frequencies(table.actions, [0, 1, 2, 3]).forEach((f, i) => expect(f).toBeCloseTo(categorical.probs[i]!, 1));
  });

  it("concentrates on the mode as the temperature goes to zero", async () => {
    const table = await sample({ n: 200, temperature: 1e-4 }, categorical);
    expect(new Set(table.actions)).toEqual(new Set([1]));
  });

  it("flattens towards uniform at a high temperature", async () => {
    const table = await sample({ n: 1024, temperature: 100 }, categorical);
    frequencies(table.actions, [0, 1, 2, 3]).forEach((f) => expect(f).toBeCloseTo(0.25, 1));
  });

  it("draws only the mode with top-k = 1", async () => {
    const table = await sample({ n: 64, topK: 1 }, categorical);
    expect(new Set(table.actions)).toEqual(new Set([1]));
  });

  it("keeps only the k likeliest actions with top-k", async () => {
    const table = await sample({ n: 512, topK: 2 }, categorical);
    expect(new Set(table.actions)).toEqual(new Set([1, 2]));
    expect(frequencies(table.actions, [1])[0]).toBeCloseTo(0.5 / 0.8, 1);
  });

  it("keeps the nucleus whose mass reaches p, counting the action that crosses it", async () => {
    expect(new Set((await sample({ n: 256, topP: 0.5 }, categorical)).actions)).toEqual(new Set([1]));
    expect(new Set((await sample({ n: 256, topP: 0.6 }, categorical)).actions)).toEqual(new Set([1, 2]));
    // Actions 0 and 3 tie at 0.1; the lower index enters the nucleus first.
    expect(new Set((await sample({ n: 512, topP: 0.85 }, categorical)).actions)).toEqual(new Set([0, 1, 2]));
    expect(new Set((await sample({ n: 512, topP: 1 }, categorical)).actions)).toEqual(new Set([0, 1, 2, 3]));
  });

  it("applies top-p after the temperature has reshaped the probabilities", async () => {
    // At T = 0.5 the probs become ∝ p², so action 1 alone holds 0.25/0.36 ≈ 0.69 of the mass.
    const table = await sample({ n: 256, temperature: 0.5, topP: 0.65 }, categorical);
    expect(new Set(table.actions)).toEqual(new Set([1]));
  });

  it("records the log-prob under the original distribution, whatever the temperature", async () => {
    const table = await sample({ n: 32, temperature: 3, topK: 3 }, categorical);
    const logp = table.numbers("logp");
    table.actions.forEach((a, i) => expect(logp[i]).toBeCloseTo(Math.log(categorical.probs[a as number]!), 12));
  });

  it("puts the argmax action first, marked greedy, when asked", async () => {
    const table = await sample({ n: 5, includeGreedy: true, temperature: 50 }, categorical);
    expect(table.size).toBe(5);
    expect(table.actions[0]).toBe(1);
    expect(table.column("greedy")).toEqual([true, false, false, false, false]);
  });

  it("marks no row greedy by default", async () => {
    const table = await sample({ n: 4 }, categorical);
    expect(table.column("greedy")).toEqual([false, false, false, false]);
  });

  it("merges equal actions in first-seen order with counts that sum to n", async () => {
    const plain = await sample({ n: 50 }, categorical, 7);
    const merged = await sample({ n: 50, dedupe: true }, categorical, 7);
    expect(merged.actions).toEqual([...new Set(plain.actions)]);
    const counts = merged.numbers("count");
    expect(counts.reduce((a, b) => a + b, 0)).toBe(50);
    merged.actions.forEach((a, i) => expect(counts[i]).toBe(plain.actions.filter((x) => x === a).length));
    expect(plain.has("count")).toBe(false);
  });

  it("gives the same table for the same seed and a different one for another seed", async () => {
    const a = await sample({ n: 32 }, categorical, 3);
    const b = await sample({ n: 32 }, categorical, 3);
    const c = await sample({ n: 32 }, categorical, 4);
    expect(a.toJSON()).toEqual(b.toJSON());
    expect(c.actions).not.toEqual(a.actions);
  });

  it("refuses params out of range", () => {
    expect(() => samplerKind.params.parse({ n: 0 })).toThrow();
    expect(() => samplerKind.params.parse({ n: 2000 })).toThrow();
    expect(() => samplerKind.params.parse({ topP: 0 })).toThrow();
    expect(() => samplerKind.params.parse({ temperature: 0 })).toThrow();
  });
});

describe("sampler on proposals", () => {
  const proposals: ActionDistribution = {
    kind: "proposals",
    actions: ["look", "take key", "open door"],
    logp: [Math.log(0.2), Math.log(0.7), Math.log(0.1)],
  };

  it("draws proposals in proportion to exp(logp) and keeps their logp", async () => {
    const table = await sample({ n: 1024 }, proposals);
    const share = (a: string) => table.actions.filter((x) => x === a).length / table.size;
    expect(share("take key")).toBeCloseTo(0.7, 1);
    expect(share("look")).toBeCloseTo(0.2, 1);
    table.actions.forEach((a, i) => expect(table.numbers("logp")[i]).toBe(proposals.logp[proposals.actions.indexOf(a)]));
  });

  it("applies top-k and the greedy row to proposals", async () => {
    const table = await sample({ n: 20, topK: 2, includeGreedy: true }, proposals);
    expect(table.actions[0]).toBe("take key");
    expect(new Set(table.actions)).toEqual(new Set(["take key", "look"]));
  });
});

describe("sampler on a gaussian", () => {
  const gaussian: ActionDistribution = { kind: "gaussian", mean: [1, -2], logStd: [Math.log(0.5), Math.log(2)] };

  it("draws vectors with the distribution's mean and scaled standard deviation", async () => {
    for (const temperature of [1, 0.5]) {
      const table = await sample({ n: 1024, temperature }, gaussian);
      const vectors = table.actions as number[][];
      [0, 1].forEach((d) => {
        const xs = vectors.map((v) => v[d]!);
        const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
        const std = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / xs.length);
        const sigma = temperature * Math.exp(gaussian.logStd[d]!);
        expect(Math.abs(mean - gaussian.mean[d]!)).toBeLessThan(4 * (sigma / Math.sqrt(xs.length)));
        expect(std / sigma).toBeCloseTo(1, 1);
      });
    }
  });

  it("records the diagonal-Gaussian log density under the original distribution", async () => {
    const table = await sample({ n: 3, temperature: 2, includeGreedy: true }, gaussian);
    const [x, y] = (table.actions[1] as number[]) ?? [];
    const expected =
      -0.5 * ((x! - 1) / 0.5) ** 2 - Math.log(0.5) - 0.5 * ((y! + 2) / 2) ** 2 - Math.log(2) - Math.log(2 * Math.PI);
    expect(table.numbers("logp")[1]).toBeCloseTo(expected, 10);
    expect(table.actions[0]).toEqual([1, -2]);
    expect(table.numbers("logp")[0]).toBeCloseTo(-Math.log(0.5) - Math.log(2) - Math.log(2 * Math.PI), 10);
  });
});
