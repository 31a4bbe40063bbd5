import { describe, expect, it } from "vitest";
import { foresight, tempDir } from "./fixtures/foresight-process.js";

const FILE = "examples/gridworld-vgps.foresight.json";

// A file compared with itself read "gridworld-vgps (A)" and "(B)" with no word of what --set-a and --set-b changed.
describe("foresight compare with --set-a and --set-b", () => {
  it("shows each side's own --set under its name", () => {
    const result = foresight("compare", FILE, FILE, "--set-a", "sampler.n=2", "--set-b", "sampler.n=16", "--episodes", "2", "--seed", "1", "--trace", "off", "--out", tempDir("compare-sides"));
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.split("\n");
    expect(lines[0]).toMatch(/^\s+gridworld-vgps \(A\)\s+gridworld-vgps \(B\)\s+difference \(B − A\)$/);
    expect(lines[1]).toMatch(/^\s+--set-a sampler\.n=2\s+--set-b sampler\.n=16\s*$/);
  });

  it("names --set-a where its value does not validate, not --set", () => {
    const result = foresight("compare", FILE, FILE, "--set-a", "sampler.n=0", "--episodes", "2", "--out", tempDir("compare-bad-side"));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/\(node "sampler"\): .* \(given by --set-a sampler\.n=0\)\n/);
  });
});
