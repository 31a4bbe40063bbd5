import { hash } from "node:crypto";
import { xoroshiro128plusFromState } from "pure-rand/generator/xoroshiro128plus";
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { uniformInt } from "pure-rand/distribution/uniformInt";
import type { JumpableRandomGenerator } from "pure-rand/types/JumpableRandomGenerator";

/**
 * Derives a 32-bit seed from a path of parts, e.g. (runSeed, episode, nodeId).
 * Hashing the path (instead of drawing from a shared stream) means adding a node
 * does not shift other nodes' draws, and episodes can run in any order.
 */
export function deriveSeed(...parts: readonly (string | number)[]): number {
  return digestOf(parts).readUInt32LE(0);
}

// One-shot hash(): each episode derives a stream and a seed per node, and createHash's object cost more than the digest.
function digestOf(parts: readonly (string | number)[]): Buffer {
  return hash("sha256", parts.join("\u0000"), "buffer");
}

function derivedGenerator(parts: readonly (string | number)[]): JumpableRandomGenerator {
  const digest = digestOf(parts);
  const state = [0, 4, 8, 12].map((offset) => digest.readInt32LE(offset));
  if (!state.some((word) => word !== 0)) state[0] = 1;
  return xoroshiro128plusFromState(state);
}

/** A seeded random stream with the draws nodes need. */
export class Rng {
  private made: JumpableRandomGenerator | undefined;

  /** The generator, or the parts it is derived from until the first draw needs it. */
  private constructor(generator: JumpableRandomGenerator | undefined, private readonly parts?: readonly (string | number)[]) {
    this.made = generator;
  }

  /**
   * A stream whose whole 128-bit state comes from hashing `parts` (pure-rand's own seeding fills only
   * 32 bits). Hashed at the first draw: every node gets a stream each episode, and most never draw.
   */
  static derive(...parts: readonly (string | number)[]): Rng {
    return new Rng(undefined, parts);
  }

  private get generator(): JumpableRandomGenerator {
    return (this.made ??= derivedGenerator(this.parts!));
  }

  static fromSeed(seed: number): Rng {
    return Rng.derive("seed", seed);
  }

  static fromState(state: readonly number[]): Rng {
    return new Rng(xoroshiro128plusFromState(state));
  }

  /** The full generator state, for snapshots. */
  state(): number[] {
    return [...this.generator.getState()];
  }

  /** Uniform in [0, 1). */
  float(): number {
    return uniformFloat64(this.generator);
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return uniformInt(this.generator, 0, n - 1);
  }

  /** A fresh 32-bit seed, for a sub-stream (e.g. one simulated rollout). */
  seed(): number {
    return uniformInt(this.generator, 0, 0xffffffff) >>> 0;
  }

  /** Standard normal draw (Box–Muller). */
  normal(): number {
    const u = 1 - this.float();
    const v = this.float();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Index drawn with probability proportional to `weights` (non-negative, not all zero). */
  weighted(weights: readonly number[]): number {
    let total = 0;
    // An index loop: for-of made an iterator per call here (a sampler draws 16 a step in every lockstep lane).
    for (let i = 0; i < weights.length; i++) total += weights[i]!;
    let r = this.float() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i]!;
      if (r < 0) return i;
    }
    // Rounding can leave r ≈ 0 after the loop: return the last positive weight.
    for (let i = weights.length - 1; i >= 0; i--) if (weights[i]! > 0) return i;
    return weights.length - 1;
  }
}
