import { describe, expect, it } from "vitest";
import { groupIds, validationSplit } from "./validation-split.js";

describe("validationSplit", () => {
  it("holds out whole groups: no group has rows on both sides", () => {
    // 20 episodes of 3 to 12 steps, rows in episode order as a dataset holds them.
    const groups = groupIds(Array.from({ length: 20 }, (_, episode) => Array.from({ length: 3 + (episode % 10) }, () => String(episode))).flat());
    const { training, validation } = validationSplit(groups.length, 0.25, 4, groups);
    const heldOut = new Set(Array.from(validation, (row) => groups[row]!));
    const trained = new Set(Array.from(training, (row) => groups[row]!));
    expect(heldOut.size).toBe(5);
    expect([...heldOut].filter((group) => trained.has(group))).toEqual([]);
    expect(training.length + validation.length).toBe(groups.length);
  });

  it("holds out the same rows for the same seed, other rows for another", () => {
    const groups = groupIds(Array.from({ length: 400 }, (_, row) => String(row >> 3)));
    const split = (seed: number) => Array.from(validationSplit(400, 0.1, seed, groups).validation);
    expect(split(1)).toEqual(split(1));
    expect(split(2)).not.toEqual(split(1));
  });

  it("without groups holds out single rows, rounded down", () => {
    const { training, validation } = validationSplit(25, 0.3, 1);
    expect(validation.length).toBe(7);
    expect(new Set([...training, ...validation]).size).toBe(25);
  });

  it("holds out nothing where the share is less than one group", () => {
    expect(validationSplit(6, 0.1, 1, groupIds(["a", "a", "a", "b", "b", "b"])).validation.length).toBe(0);
  });
});

describe("groupIds", () => {
  it("numbers keys densely in order of first appearance", () => {
    expect(Array.from(groupIds(["0/3", "0/3", "1/3", "0/4", "1/3"]))).toEqual([0, 0, 1, 2, 1]);
  });
});
