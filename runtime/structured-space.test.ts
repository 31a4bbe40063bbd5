import { describe, expect, it } from "vitest";
import { breach, type StructuredSpace } from "./structured-space.js";

const box = (shape: number[]): StructuredSpace => ({ type: "Box", shape, low: [], high: [], dtype: "float32" });

describe("breach of a numeric space", () => {
  it("checks a flat Box's value in place and a nested one through its flattening, with the same messages", () => {
    expect(breach(box([3]), [0.5, -1, 2])).toBeUndefined();
    expect(breach(box([3]), [0.5, "x", 2])).toBe('element 1 is "x", not a number (Box(shape [3]))');
    expect(breach(box([3]), [0.5, 2])).toBe("[0.5,2] is not an array of shape [3] (Box(shape [3]))");
    expect(breach(box([3]), 1)).toBe("1 is not an array of shape [3] (Box(shape [3]))");
    expect(breach(box([2, 2]), [[1, 2], [3, 4]])).toBeUndefined();
    expect(breach(box([2, 2]), [[1, 2], [3, null]])).toBe("element 3 is null, not a number (Box(shape [2, 2]))");
    expect(breach(box([2, 2]), [1, 2, 3, 4])).toBe("[1,2,3,4] is not an array of shape [2, 2] (Box(shape [2, 2]))");
    expect(breach({ type: "MultiBinary", shape: [2] }, [1, 2], ".flags")).toBe("element 1 at .flags is 2, not 0 or 1 (MultiBinary([2]))");
  });
});
