import { describe, expect, it } from "vitest";
import { freshFloats } from "./fresh-floats.js";

describe("freshFloats", () => {
  it("hands out zeroed arrays that never overlap, across slabs", () => {
    const arrays = Array.from({ length: 2000 }, (_, i) => freshFloats(1 + (i % 97)));
    arrays.forEach((floats, i) => {
      expect(floats.length).toBe(1 + (i % 97));
      expect(floats.every((x) => x === 0)).toBe(true);
      floats.fill(i + 1);
    });
    // Every array still holds its own writes: no range was handed out twice.
    arrays.forEach((floats, i) => expect(floats.every((x) => x === i + 1)).toBe(true));
    expect(new Set(arrays.map((floats) => floats.buffer)).size).toBeGreaterThan(1);
  });

  it("gives a large array a buffer of its own", () => {
    const large = freshFloats(10_000);
    expect(large.byteOffset).toBe(0);
    expect(large.buffer.byteLength).toBe(40_000);
  });
});
