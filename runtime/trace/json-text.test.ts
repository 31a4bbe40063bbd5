import { describe, expect, it } from "vitest";
import { cellJson, fieldJson } from "./json-text.js";

class Point {
  constructor(readonly x: number) {}
}
const inherited = Object.assign(Object.create({ hidden: 1 }) as object, { own: 2 });
const bare = Object.assign(Object.create(null) as object, { b: [1, 2] });
const getter = Object.defineProperty({ a: 1 }, "b", { get: () => [0.1, 0.1, 0.2], enumerable: true });

describe("JSON text of trace fields", () => {
  it.each([
    ["numbers, repeated and not", [0.1 + 0.2, 0.1 + 0.2, -0, NaN, Infinity, -1e21, 5e-324, 5e-324, 7]],
    ["text JSON escapes", ['say "hi"\n', "😀", "\ud800", "é", "\u0001", ""]],
    ["holes and values JSON leaves out", [undefined, () => 1, Symbol("s"), null, new Array(2), true]],
    ["nested objects", { agent: [0, 0], goal: [6, 8], map: "lava-bridge", info: { a: undefined, f: () => 1, deep: [[{ x: 1 }]] } }],
    ["instances, typed arrays, maps, dates", { p: new Point(1), f: new Float32Array([0.5, 1]), m: new Map([[1, 2]]), d: new Date(0), n: new Number(3) }],
    ["inherited keys, a null prototype, getters", { inherited, bare, getter }],
    ["a sparse array", Object.assign(new Array(3), { 1: "one" })],
    ["an array with toJSON", Object.assign([1, 2], { toJSON: () => "two" })],
    ["deep nesting", JSON.parse(`${"[".repeat(40)}1${"]".repeat(40)}`)],
  ])("is JSON.stringify's for %s", (_name, value) => {
    expect(fieldJson(value)).toBe(JSON.stringify(value));
    expect(cellJson(value)).toBe(JSON.stringify(value) ?? "null");
  });

  it("leaves out what an object's field cannot hold, and throws as JSON.stringify does on a cycle and a bigint", () => {
    expect(fieldJson(undefined)).toBeUndefined();
    expect(fieldJson(() => 1)).toBeUndefined();
    expect(cellJson(undefined)).toBe("null");
    const cycle: unknown[] = [];
    cycle.push(cycle);
    expect(() => fieldJson(cycle)).toThrow(TypeError);
    expect(() => fieldJson({ n: 1n })).toThrow(TypeError);
  });
});
