import { describe, expect, it } from "vitest";
import { JsonBytes } from "./json-bytes.js";

describe("JSON bytes", () => {
  it("writes whole numbers' digits as JSON.stringify writes them, growing the buffer as needed", () => {
    const values = [0, -0, 1, 9, 10, 11, 99, 100, 101, 12_345, 999_999_999, 1_000_000_000, 2 ** 31 - 1];
    const out = new JsonBytes(2);
    for (const value of values) {
      out.digits(value);
      out.byte(0x2c);
    }
    expect(out.view().toString("latin1")).toBe(values.map((value) => `${JSON.stringify(value)},`).join(""));
  });
});
