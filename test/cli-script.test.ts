import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// The CLI as users run it: the compiled bin (npm test builds first).
const BIN = join(process.cwd(), "bin/foresight.js");
const SCRIPT = "examples/gridworld-script.foresight.json";
const VGPS = "examples/gridworld-vgps.foresight.json";

function foresight(...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8" });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const tempDir = () => mkdtempSync(join(tmpdir(), "foresight-cli-script-"));

describe("foresight CLI and Script nodes", () => {
  it("refuses to run or compare an untrusted file with scripts: exit 2, one line, nothing run", () => {
    const out = tempDir();
    const refused = foresight("run", SCRIPT, "--episodes", "2", "--out", out);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(`foresight: ${SCRIPT} contains Script nodes (safe-q); read them, then run with --trust\n`);
    const compared = foresight("compare", VGPS, SCRIPT, "--episodes", "2", "--out", out);
    expect(compared.code).toBe(2);
    expect(compared.stderr).toContain(`${SCRIPT} contains Script nodes (safe-q)`);
    expect(readdirSync(out)).toEqual([]);
    expect(foresight("validate", SCRIPT).code).toBe(0);
  });

  it("runs it with --trust, the same on one thread as on two", () => {
    const summaries = ["1", "2"].map((workers) => {
      const result = foresight("run", SCRIPT, "--trust", "--episodes", "12", "--seed", "5", "--workers", workers, "--out", tempDir(), "--json", "--trace", "off");
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      return JSON.parse(result.stdout) as { status: string; episodes: number; successRate: unknown; meanReturn: unknown; meanLength: unknown; steps: number };
    });
    const [serial, parallel] = summaries.map(({ status, episodes, successRate, meanReturn, meanLength, steps }) => ({ status, episodes, successRate, meanReturn, meanLength, steps }));
    expect(serial).toMatchObject({ status: "completed", episodes: 12 });
    expect(parallel).toEqual(serial);
  });
});
