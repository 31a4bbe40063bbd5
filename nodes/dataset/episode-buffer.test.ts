import { describe, expect, it } from "vitest";
import { EpisodeBuffer, utf8 } from "./episode-buffer.js";

const text = (out: EpisodeBuffer) => out.bytes.toString("utf8", 0, out.length);

describe("an episode buffer", () => {
  it("writes numbers as JSON.stringify does", () => {
    const values = [
      0, -0, 1, 9, 10, 99, 100, -1, -10, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, -(2 ** 31) - 1, 2 ** 53, -(2 ** 53) - 2, 1e21, -1e21, 123456789012,
      0.1 + 0.2, -0.01, 5e-324, -1.7976931348623157e308, 1e-7, 0.000001, -0.6449687480926514, Math.PI, Number.NaN,
      Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY,
    ];
    // Random doubles and integers of every size, reproducibly.
    let seed = 7;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 500; i++) values.push((next() - 0.5) * 10 ** Math.floor(next() * 40 - 20), Math.round((next() - 0.5) * 2 ** Math.floor(next() * 60)));
    const out = new EpisodeBuffer();
    for (const value of values) {
      out.clear();
      out.number(value);
      expect(text(out), String(value)).toBe(JSON.stringify(value));
    }
  });

  it("grows as pieces, numbers and lines need, keeping what it holds", () => {
    const out = new EpisodeBuffer();
    const piece = utf8('"é 𝄞 ' + "x".repeat(100) + '"');
    let expected = "";
    for (let i = 0; i < 200; i++) {
      out.put(piece);
      out.number(-i * 1.5);
      out.flag(i % 2 === 0);
      out.newline();
      expected += `${Buffer.from(piece).toString()}${JSON.stringify(-i * 1.5)}${i % 2 === 0}\n`;
    }
    out.appendLine("y".repeat(10_000));
    expect(text(out)).toBe(`${expected}${"y".repeat(10_000)}\n`);
  });
});
