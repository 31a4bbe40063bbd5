import { describe, expect, it } from "vitest";
import { builtinRegistry } from "../nodes/index.js";
import type { RunEvent } from "../runtime/engine/events.js";
import { runPipeline } from "../runtime/engine/run-pipeline.js";
import { formatPipeline } from "../runtime/pipeline/format.js";
import { containsScripts, pipelineContentHash } from "../runtime/pipeline/trust.js";
import { validatePipeline } from "../runtime/pipeline/validate.js";
import { kindCatalog } from "../host/editor-api/kind-catalog.js";
import { example, playOptions, validated, type PipelineDoc } from "./fixtures/pipelines.js";

const registry = builtinRegistry();

/** examples/gridworld-script without its dataset node (these runs need no files). */
function scriptPipeline(code?: string): PipelineDoc {
  const doc = example("gridworld-script");
  doc.nodes = doc.nodes.filter((n) => n.kind !== "dataset");
  doc.edges = doc.edges.filter((e) => !e.to.startsWith("dataset."));
  if (code !== undefined) doc.nodes.find((n) => n.id === "safe-q")!.params["code"] = code;
  return doc;
}

function scriptNode(doc: PipelineDoc) {
  return doc.nodes.find((n) => n.kind === "script")!;
}

async function play(doc: PipelineDoc, episodes = 20) {
  const events: RunEvent[] = [];
  const pipeline = validated(doc, registry);
  const result = await runPipeline(pipeline, playOptions(pipeline, { episodes, seed: 1, onEvent: (e) => events.push(e) }));
  const steps = events.flatMap((e) => (e.type === "step.end" ? [e] : []));
  return { result, steps, actions: steps.map((s) => `${s.episode}:${s.step}:${JSON.stringify(s.action)}`) };
}

describe("pipelines with Script nodes", () => {
  it("validates edges against the ports the script declares", () => {
    const doc = scriptPipeline();
    expect(validatePipeline(doc, registry).ok).toBe(true);

    const renamed = scriptPipeline();
    scriptNode(renamed).params["outputs"] = [{ name: "scored", type: "candidates" }];
    const unknown = validatePipeline(renamed, registry);
    expect(unknown.ok || unknown.problems.filter((p) => p.nodeId === "safe-q")).toEqual([
      expect.objectContaining({ code: "unknown-port", message: 'Script "safe-q" has no output "candidates"; its outputs: scored' }),
    ]);
  });

  it("tells the editor that a script's ports and trust depend on the node", () => {
    // Policy and Q-scorer narrow their ports per variant (the LLM one adds outputs); only a Script declares its own.
    const flagged = kindCatalog(registry).kinds.filter((k) => (k.dynamicPorts && k.kind !== "policy" && k.kind !== "q-scorer") || k.runsUserCode);
    expect(flagged).toEqual([expect.objectContaining({ kind: "script", dynamicPorts: true, runsUserCode: true })]);
    expect(flagged[0]!.defaults).toMatchObject({ inputs: [{ name: "candidates", type: "candidates" }], timeoutMs: 250, memoryMB: 32 });
  });

  it("refuses an edge into a script input of another type", () => {
    const doc = scriptPipeline();
    scriptNode(doc).params["inputs"] = [{ name: "candidates", type: "tensor" }];
    const result = validatePipeline(doc, registry);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems[0]).toMatchObject({
      code: "incompatible-ports",
      nodeId: "safe-q",
      message: "cannot connect risk.candidates (candidates) to safe-q.candidates (tensor): the port types differ",
    });
  });

  it("requires every declared input to be connected", () => {
    const doc = scriptPipeline();
    scriptNode(doc).params["inputs"] = [
      { name: "candidates", type: "candidates" },
      { name: "weight", type: "number" },
    ];
    const result = validatePipeline(doc, registry);
    expect(result.ok || result.problems).toEqual([expect.objectContaining({ code: "missing-input", nodeId: "safe-q", message: expect.stringContaining('"weight" (number)') })]);
  });

  it("reports a syntax error in a script as a param problem with its line", () => {
    const doc = scriptPipeline("function run(inputs: { candidates: unknown }) {\n  const weight = ;\n  return { candidates: inputs.candidates };\n}\n");
    const result = validatePipeline(doc, registry);
    const index = doc.nodes.findIndex((n) => n.kind === "script");
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems[0]).toEqual({
      code: "bad-param",
      pointer: `/nodes/${index}/params/code`,
      nodeId: "safe-q",
      message: "code: syntax error at line 2, column 18: Unexpected token",
    });
  });

  it("plays exactly like the executor scoring q - 2*risk itself, and the executor reads the script's column", async () => {
    const withScript = await play(scriptPipeline());
    const reference = example("gridworld-vgps");
    reference.nodes = reference.nodes.filter((n) => n.kind !== "dataset");
    reference.edges = reference.edges.filter((e) => !e.to.startsWith("dataset."));
    reference.nodes.find((n) => n.id === "executor")!.params["score"] = "q - 2*risk";
    const expected = await play(reference);

    expect(withScript.result.status).toBe("completed");
    expect(withScript.actions.length).toBeGreaterThan(100);
    expect(withScript.actions).toEqual(expected.actions);
    const outcomes = (episodes: readonly object[]) => episodes.map(({ ms: _ms, ...rest }: { ms?: number }) => rest);
    expect(outcomes(withScript.result.episodes)).toEqual(outcomes(expected.result.episodes));
    for (const step of withScript.steps) {
      expect(step.decision?.rule).toBe("argmax of safeQ");
      for (const row of step.candidates ?? []) expect(row["safeQ"]).toBeCloseTo((row["q"] as number) - 2 * (row["risk"] as number), 12);
    }

    // The same pipeline whose script ranks candidates by -q plays differently: the column is what the executor acts on.
    const inverted = await play(scriptPipeline("function run({ candidates }) {\n  return { candidates: { ...candidates, columns: { ...candidates.columns, safeQ: candidates.columns.q.map((q) => -q) } } };\n}\n"));
    expect(inverted.actions).not.toEqual(expected.actions);
  });

  it("ends the episode with node, episode and step when a script loops forever", async () => {
    const doc = scriptPipeline("function run(inputs) {\n  while (true) {}\n}\n");
    scriptNode(doc).params["timeoutMs"] = 20;
    doc.run["onNodeError"] = "endRun";
    const started = performance.now();
    const { result } = await play(doc, 3);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(result.status).toBe("failed");
    expect(result.failure).toEqual({
      node: "safe-q",
      kind: "script",
      episode: 0,
      step: 0,
      message: "the script ran past its time limit of 20 ms (timeoutMs) and was interrupted",
    });
  });

  it("finds the script nodes a pipeline must be trusted for, and hashes its stable text", () => {
    expect(containsScripts(validated(scriptPipeline(), registry))).toEqual(["safe-q"]);
    expect(containsScripts(validated(example("gridworld-vgps"), registry))).toEqual([]);

    const doc = example("gridworld-script");
    const reordered = JSON.parse(JSON.stringify({ ...doc, format: undefined, version: undefined })) as Record<string, unknown>;
    Object.assign(reordered, { format: doc["format"], version: doc["version"] });
    expect(formatPipeline(reordered)).toBe(formatPipeline(doc));
    expect(pipelineContentHash(reordered)).toBe(pipelineContentHash(doc));
    expect(pipelineContentHash(doc)).toMatch(/^[0-9a-f]{64}$/);
    scriptNode(doc as PipelineDoc).params["code"] += "\n// edited";
    expect(pipelineContentHash(doc)).not.toBe(pipelineContentHash(reordered));
  });
});
