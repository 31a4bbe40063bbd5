import { describe, expect, it } from "vitest";
import { Rng } from "../../runtime/rng.js";
import { squaredErrorLoss } from "../batch-losses.js";
import { Mlp } from "../mlp.js";
import { fitWithSettings } from "./settings.js";

describe("fitWithSettings", () => {
  it("validates every round of fitted iteration on the same held-out episodes, none of whose steps it trains on", async () => {
    const rows = 300;
    const episodes = Int32Array.from({ length: rows }, (_, row) => Math.floor(row / 10));
    const inputs = Float32Array.from({ length: rows * 2 }, (_, i) => Math.sin(i));
    const targets = Float32Array.from({ length: rows }, (_, i) => Math.cos(i));
    const model = Mlp.create([2, 8, 1], Rng.fromSeed(1));
    const settings = { hidden: [8], epochs: 1, batchSize: 300, lr: 1e-3, seed: 5, validationFraction: 0.2 };
    const rounds = [];
    for (const round of [0, 1, 2]) {
      const calls: number[][] = [];
      const loss = squaredErrorLoss(targets, 1);
      await fitWithSettings(settings, { model, inputs, episodes, loss: (predictions, batch) => (calls.push(Array.from(batch)), loss(predictions, batch)) }, round, 3);
      // One training batch (every training row), then the validation pass.
      rounds.push({ trained: calls[0]!, heldOut: calls[1]!.toSorted((a, b) => a - b) });
    }
    const episodesOf = (batch: number[]) => new Set(batch.map((row) => episodes[row]!));
    expect(episodesOf(rounds[0]!.heldOut).size).toBe(6);
    for (const round of rounds) {
      expect(round.heldOut).toEqual(rounds[0]!.heldOut);
      expect([...episodesOf(round.trained)].filter((episode) => episodesOf(round.heldOut).has(episode))).toEqual([]);
    }
  });
});
