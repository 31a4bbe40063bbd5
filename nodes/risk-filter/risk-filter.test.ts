import { describe, expect, it } from "vitest";
import { CandidateTable } from "../../runtime/candidate-table.js";
import { createGridWorld } from "../environment/gridworld/index.js";
import { riskFilterKind } from "./index.js";
import { createNode, stepContext } from "../../test/fixtures/node-harness.js";
import { example, insertBefore, playOptions, validated } from "../../test/fixtures/pipelines.js";
import { runPipeline } from "../../runtime/engine/run-pipeline.js";
import { validatePipeline } from "../../runtime/pipeline/validate.js";
import { builtinRegistry } from "../index.js";

const up = 0;
const right = 1;
const down = 2;
const left = 3;

function world() {
  // Lava left of the start: "left" is the one irreversible move.
  const env = createGridWorld({ map: "custom", layout: ["LS.G", "...."], size: 0, slip: 0, gamma: 0.99 });
  env.reset(1);
  return env;
}

async function filter(params: Record<string, unknown>, candidates: CandidateTable) {
  const node = await createNode(riskFilterKind, params, "filter");
  return (await node.run({ candidates, environment: world() }, stepContext("filter"))).candidates;
}

const scored = CandidateTable.of([up, right, down, left], { risk: [0.1, 0.72, 0.3, 0.9], q: [0.2, 0.9, 0.5, -1] });

describe("risk filter", () => {
  it("filters rows whose risk is above the threshold, saying by how much", async () => {
    const out = await filter({ irreversible: false }, scored);
    expect(out.column("filtered")).toEqual([false, true, false, true]);
    expect(out.column("reason")).toEqual([null, "risk 0.72 > 0.5", null, "risk 0.9 > 0.5"]);
  });

  it("keeps every row when the threshold is off", async () => {
    const out = await filter({ irreversible: false, max: null }, scored);
    expect(out.column("filtered")).toEqual([false, false, false, false]);
  });

  it("filters irreversible actions, recording every reason a row fails", async () => {
    const out = await filter({ max: 0.8 }, scored);
    expect(out.column("filtered")).toEqual([false, false, false, true]);
    expect(out.column("reason")?.[3]).toBe("risk 0.9 > 0.8; irreversible: left cannot be undone");
    const onlyIrreversible = await filter({ max: null }, scored);
    expect(onlyIrreversible.column("reason")).toEqual([null, null, null, "irreversible: left cannot be undone"]);
  });

  it("keeps only the top k of the remaining rows by a column", async () => {
    const out = await filter({ keepTopK: { column: "q", k: 1 } }, scored);
    // Rows 1 and 3 fall to the threshold first; of rows 0 and 2, row 2 has the higher q.
    expect(out.column("filtered")).toEqual([true, true, false, true]);
    expect(out.column("reason")?.[0]).toBe("not in top 1 by q");
    expect(out.column("reason")?.[1]).toBe("risk 0.72 > 0.5");
  });

  it("keeps rows filtered upstream filtered, with their reason", async () => {
    const upstream = scored
      .withColumn("filtered", [true, false, false, false])
      .withColumn("reason", ["q 0.2 < 0.3", null, null, null]);
    const out = await filter({ irreversible: false }, upstream);
    expect(out.column("filtered")).toEqual([true, true, false, true]);
    expect(out.column("reason")).toEqual(["q 0.2 < 0.3", "risk 0.72 > 0.5", null, "risk 0.9 > 0.5"]);
  });

  describe("when every candidate is filtered", () => {
    const risky = CandidateTable.of([up, right, down], { risk: [0.7, 0.6, 0.9] });

    it("keeps the least risky one, saying so", async () => {
      const out = await filter({}, risky);
      expect(out.column("filtered")).toEqual([true, false, true]);
      expect(out.column("reason")?.[1]).toBe("fallback: every candidate was filtered; kept the least risky (risk 0.6)");
    });

    it("keeps a candidate that is the safe default action", async () => {
      const out = await filter({ fallback: "safe-default", safeAction: down }, risky);
      expect(out.column("filtered")).toEqual([true, true, false]);
      expect(out.column("reason")?.[2]).toBe("fallback: safe default action");
    });

    it("adds the safe default action when no candidate is it", async () => {
      const out = await filter({ fallback: "safe-default", safeAction: left, irreversible: false }, risky);
      expect(out.actions).toEqual([up, right, down, left]);
      expect(out.row(3)).toEqual({ action: left, risk: null, filtered: false, reason: "fallback: safe default action" });
    });

    it("ends the episode, leaving every row filtered", async () => {
      const out = await filter({ fallback: "end-episode" }, risky);
      expect(out.column("filtered")).toEqual([true, true, true]);
      expect(out.column("reason")?.[1]).toBe("risk 0.6 > 0.5; fallback: end episode");
      expect(out.keptIndices()).toEqual([]);
    });
  });

  describe("with the threshold off", () => {
    // Only the irreversible rule: there is no risk to read, so the default column need not be there.
    const unscored = CandidateTable.of([up, left], { q: [0.2, -1] });

    it("drops irreversible moves from a table without a risk column", async () => {
      const out = await filter({ max: null }, unscored);
      expect(out.column("filtered")).toEqual([false, true]);
    });

    it("keeps the first candidate when every one was filtered, saying there was no risk to rank by", async () => {
      const out = await filter({ max: null }, CandidateTable.of([left, left], { q: [0.2, -1] }));
      expect(out.column("filtered")).toEqual([false, true]);
      expect(out.column("reason")?.[0]).toBe('fallback: every candidate was filtered; no "risk" column, kept the first');
    });

    it("still needs a risk column the user named, for the least-risky fallback", async () => {
      await expect(filter({ max: null, column: "danger" }, unscored)).rejects.toThrow(/no column "danger"/);
    });

    it("validates and runs between the sampler and the search, where no node adds a risk column", async () => {
      const doc = example("gridworld-best-first");
      insertBefore(doc, "q.candidates", { id: "risk", kind: "risk-filter", params: { max: null, irreversible: true } });
      doc.edges.push({ from: "env.environment", to: "risk.environment" });
      const pipeline = validated(doc, builtinRegistry(), "examples");
      const result = await runPipeline(pipeline, playOptions(pipeline, { episodes: 2, seed: 1, trace: "off", pipelineDir: "examples" }));
      expect(result.episodes.map((e) => e.status)).toEqual(["completed", "completed"]);
      const named = example("gridworld-best-first");
      insertBefore(named, "q.candidates", { id: "risk", kind: "risk-filter", params: { max: null, irreversible: true, column: "danger" } });
      named.edges.push({ from: "env.environment", to: "risk.environment" });
      const problems = validatePipeline(named, builtinRegistry(), { pipelineDir: "examples" });
      expect(problems.ok ? [] : problems.problems.map((problem) => problem.message)).toContainEqual(expect.stringMatching(/^column names "danger", which no node before "risk" adds/));
    });
  });

  it("lists the available columns when the risk column is missing", async () => {
    await expect(filter({ column: "danger" }, scored)).rejects.toThrow(/no column "danger" \(columns: action, risk, q\)/);
  });

  it("refuses safe-default without a safe action as a params error", () => {
    const parsed = riskFilterKind.params.safeParse({ fallback: "safe-default" });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(["safeAction"]);
  });

  it("needs the environment input only for the irreversible rule", () => {
    const required = riskFilterKind.inputs.environment.required;
    expect(required(riskFilterKind.params.parse({ irreversible: true }))).toBe(true);
    expect(required(riskFilterKind.params.parse({ irreversible: false }))).toBe(false);
  });

  it("refuses the irreversible rule, on by default, at validation in a world that cannot judge it", () => {
    const doc = example("pointmass-rawmpc");
    const risk = doc.nodes.findIndex((n) => n.id === "risk");
    delete doc.nodes[risk]!.params!["irreversible"];
    const result = validatePipeline(doc, builtinRegistry());
    expect(result.ok ? [] : result.problems).toContainEqual(
      expect.objectContaining({ pointer: `/nodes/${risk}/params/irreversible`, message: expect.stringMatching(/cannot tell which actions are irreversible: set irreversible to false/) }),
    );
  });

  it("acts with the safe default action through an argmax executor, though no scorer gave it a q (every episode failed before)", async () => {
    const doc = example("gridworld-vgps");
    doc.nodes = doc.nodes.filter((n) => n.kind !== "dataset");
    doc.edges = doc.edges.filter((e) => !e.to.startsWith("dataset."));
    // One candidate a step, and a threshold nothing passes: every step falls back, and most steps did not sample "down".
    doc.nodes.find((n) => n.id === "sampler")!.params["n"] = 1;
    Object.assign(doc.nodes.find((n) => n.id === "risk")!.params, { max: -1, fallback: "safe-default", safeAction: down });
    const pipeline = validated(doc, builtinRegistry());
    const events: { type: string; candidates?: { action: unknown; q?: unknown; selected?: unknown }[]; action?: unknown }[] = [];
    const result = await runPipeline(pipeline, playOptions(pipeline, { episodes: 3, seed: 5, onEvent: (event) => events.push(event as (typeof events)[number]) }));
    expect(result.episodes.map((e) => e.status)).toEqual(["completed", "completed", "completed"]);
    const steps = events.filter((e) => e.type === "step.end");
    expect(steps.every((step) => step.action === down)).toBe(true);
    const added = steps.filter((step) => step.candidates!.length === 2);
    expect(added.length).toBeGreaterThan(0);
    for (const step of added) expect(step.candidates![1]).toMatchObject({ action: down, q: null, selected: true });
  });
});
