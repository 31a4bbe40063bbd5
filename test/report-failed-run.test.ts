import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { foresight, tempDir, writeExampleVariant } from "./fixtures/foresight-process.js";
import type { PipelineDoc } from "./fixtures/pipelines.js";

describe("the report of a run a node error ended (onNodeError endRun)", () => {
  it("names the failing step in the episode's table, and says in the summary the run ended on that error", () => {
    const out = tempDir("report-failed-run");
    const file = writeExampleVariant("gridworld-script", out, "boom", (doc) => {
      const script = (doc as PipelineDoc).nodes.find((node) => node.id === "safe-q")!;
      const code = script.params["code"] as string;
      script.params["code"] = code.replace("function run(", "let calls = 0;\nfunction run(").replace("const { q, risk }", 'if (++calls === 3) throw new Error("boom at step 3");\n  const { q, risk }');
      doc.run = { ...doc.run, episodes: 5, onNodeError: "endRun", trace: "steps" };
    });
    expect(foresight("run", file, "--trust", "-q", "--out", out).code).not.toBe(0);
    const runDir = join(out, readdirSync(out).find((name) => name.startsWith("gridworld-script-"))!);
    const report = join(out, "report.html");
    expect(foresight("report", runDir, "--out", report).code).toBe(0);
    const html = readFileSync(report, "utf8");
    expect(html).toContain('<tr><th>episodes</th><td class="num">0 of 5, 1 failed; the run ended on the error at episode 0, step 2</td></tr>');
    expect(html).toContain('<p class="muted">failed after 2 steps: node &quot;safe-q&quot; (script) at episode 0, step 2: Error: boom at step 3');
    const rows = html.slice(html.indexOf("<h2>Episode 0</h2>"), html.indexOf("<h2>Cost</h2>")).match(/<tr[^>]*><td class="num">\d+<\/td>.*?<\/tr>/g)!;
    expect(rows).toHaveLength(3);
    expect(rows[2]).toMatch(/^<tr class="failed-step"><td class="num">2<\/td><td colspan="\d+">node &quot;safe-q&quot; \(script\) failed: Error: boom at step 3 \(script line \d+, column \d+\)<\/td><\/tr>$/);
  }, 60_000);
});
