import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BenchArgumentError, parseBenchArgs, runTemplateBench } from "../bench/template-bench.js";
import { TEMPLATE_ROWS, TEMPLATES_WITHOUT_ROW } from "../bench/templates.js";
import { proportionDifference } from "../protocol/stats.js";
import type { RunSummary } from "../runtime/summary.js";

const LLM = "examples/gridworld-llm.foresight.json";
const PENDULUM = "examples/pendulum-worldmodel.foresight.json";

/** The page's table as cells by header, keyed by the template file name in the method cell. */
function tableRows(markdown: string): Map<string, Record<string, string>> {
  const lines = markdown.split("\n").filter((line) => line.startsWith("| "));
  const header = lines[0]!.slice(2, -2).split(" | ");
  const rows = new Map<string, Record<string, string>>();
  for (const line of lines.slice(2)) {
    const cells = line.slice(2, -2).split(" | ");
    const row = Object.fromEntries(header.map((name, i) => [name, cells[i]!]));
    rows.set(/`([^`]+)`/.exec(row["method"]!)![1]!, row);
  }
  return rows;
}

/** "- `examples/x.foresight.json`: method `dir`, baseline `dir`" lines of the Run folders section. */
function runFolders(markdown: string): Map<string, { method: string; baseline: string }> {
  const found = new Map<string, { method: string; baseline: string }>();
  for (const match of markdown.matchAll(/^- `([^`]+)`: method `([^`]+)`, baseline `([^`]+)`$/gm)) found.set(match[1]!, { method: match[2]!, baseline: match[3]! });
  return found;
}

const summaryOf = (runDir: string) => JSON.parse(readFileSync(join(runDir, "summary.json"), "utf8")) as RunSummary;
// `+ 0` makes −0 (a rounded "-0.0") equal 0.
const numbers = (cell: string) => [...cell.matchAll(/[-+]?\d[\d,]*\.?\d*/g)].map((m) => Number(m[0].replaceAll(",", "")) + 0);
const rounded = (values: (number | null)[], digits: (v: number) => number) => values.map((v) => Number(v!.toFixed(digits(v!))) + 0);

describe("npm run bench:templates", () => {
  it("writes a table whose figures are the run folders' summary.json", { timeout: 180_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "foresight-bench-templates-"));
    const out = join(dir, "results.md");
    await runTemplateBench(parseBenchArgs(["--only", `${LLM},${PENDULUM}`, "--episodes", "3", "--out", out, "--runs", dir]));
    const markdown = readFileSync(out, "utf8");
    const rows = tableRows(markdown);
    const folders = runFolders(markdown);
    expect([...rows.keys()]).toEqual(["gridworld-llm", "pendulum-worldmodel"]);
    expect([...folders.keys()]).toEqual([LLM, PENDULUM]);
    expect(markdown).toContain("**Every row ran 3 episodes (`--episodes`), not the table's own counts.**");

    for (const [template, { method: methodDir, baseline: baselineDir }] of folders) {
      const row = rows.get(template.replace(/^examples\//, "").replace(/\.foresight\.json$/, ""))!;
      const method = summaryOf(methodDir);
      const baseline = summaryOf(baselineDir);
      expect(method.status).toBe("completed");
      expect(row["episodes"]).toBe(`3 (seed 1)`);
      expect([method.episodes, baseline.episodes]).toEqual([3, 3]);
      expect(numbers(row["steps/s baseline / method"]!)).toEqual([Math.round(baseline.stepsPerSecond), Math.round(method.stepsPerSecond)]);

      if (template === LLM) {
        const rate = (s: RunSummary) => rounded([s.successRate.value, s.successRate.low, s.successRate.high].map((v) => 100 * v!), () => 1);
        expect(numbers(row["baseline (95% CI)"]!)).toEqual(rate(baseline));
        expect(numbers(row["method (95% CI)"]!)).toEqual(rate(method));
        const successes = (s: RunSummary) => ({ successes: Math.round(s.successRate.value! * s.episodes), trials: s.episodes });
        const lift = proportionDifference(successes(baseline), successes(method));
        expect(numbers(row["lift (95% CI)"]!)).toEqual(rounded([lift.value, lift.low, lift.high].map((v) => 100 * v), () => 1));
      } else {
        // The baseline, the method and the lift in one precision.
        const cells = [row["baseline (95% CI)"]!, row["method (95% CI)"]!, row["lift (95% CI)"]!];
        const precisions = new Set(cells.flatMap((cell) => [...cell.matchAll(/\d(?:\.(\d+))?(?![\d.])/g)].map((m) => m[1]?.length ?? 0)));
        expect(precisions.size).toBe(1);
        const [decimals] = precisions;
        const mean = (s: RunSummary) => rounded([s.meanReturn.value, s.meanReturn.low, s.meanReturn.high], () => decimals!);
        expect(row["baseline (95% CI)"]).toMatch(/^return /);
        expect(numbers(row["baseline (95% CI)"]!)).toEqual(mean(baseline));
        expect(numbers(row["method (95% CI)"]!)).toEqual(mean(method));
        expect(numbers(row["lift (95% CI)"]!)[0]).toBeCloseTo(method.meanReturn.value! - baseline.meanReturn.value!, decimals);
      }
    }
    // The LLM row asked the bench's chat server: its answers are in the row's fresh response cache.
    const benchDir = /Under `([^`]+)`/.exec(markdown)![1]!;
    expect(readdirSync(join(benchDir, "llm-cache")).length).toBeGreaterThan(0);
    // The warm-up runs (a tenth of each run's episodes, beforehand) left nothing beside the measured runs.
    const measured = [...folders.values()].flatMap(({ method, baseline }) => [method, baseline].map((folder) => folder.replace(/^.*\//, "")));
    expect(readdirSync(benchDir).sort()).toEqual([...measured, "llm-cache"].sort());
  });

  it("refuses a row that is not in the table, naming the rows there are", () => {
    expect(() => parseBenchArgs(["--only", "examples/nope.foresight.json"])).toThrow(BenchArgumentError);
    expect(() => parseBenchArgs(["--only", "examples/nope.foresight.json"])).toThrow(TEMPLATE_ROWS[0]!.template);
    expect(() => parseBenchArgs(["--episodes", "0"])).toThrow(/--episodes 0/);
  });

  it("lists every template of examples/ as a row, a baseline or one without a row", () => {
    const covered = new Set([...TEMPLATE_ROWS.flatMap((row) => [row.template, row.baseline]), ...TEMPLATES_WITHOUT_ROW.map((entry) => entry.template)]);
    const shipped = readdirSync("examples").filter((file) => file.endsWith(".foresight.json")).map((file) => `examples/${file}`);
    expect(shipped.filter((file) => !covered.has(file))).toEqual([]);
  });
});
