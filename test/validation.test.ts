import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { builtinRegistry } from "../nodes/index.js";
import { applyOverrides, overrideBehind } from "../runtime/pipeline/overrides.js";
import type { Problem } from "../runtime/pipeline/problem.js";
import { validatePipeline } from "../runtime/pipeline/validate.js";
import { dropSwitchedVariantParams } from "../runtime/pipeline/variant-switch.js";

const registry = builtinRegistry();
type Doc = { nodes: Record<string, unknown>[]; edges: { from: string; to: string }[]; [key: string]: unknown };
const vgps = (): Doc => JSON.parse(readFileSync("examples/gridworld-vgps.foresight.json", "utf8")) as Doc;

function problemsOf(doc: unknown): Problem[] {
  const result = validatePipeline(doc, registry);
  return result.ok ? [] : result.problems;
}

describe("validation", () => {
  it("accepts every shipped example", () => {
    for (const name of ["gridworld-policy-only", "gridworld-vgps", "gridworld-lookahead"]) {
      const doc = JSON.parse(readFileSync(`examples/${name}.foresight.json`, "utf8"));
      expect(problemsOf(doc), name).toEqual([]);
    }
  });

  it("orders nodes so every node comes after the nodes it reads from", () => {
    const doc = vgps();
    doc.nodes.reverse();
    const result = validatePipeline(doc, registry);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const order = result.value.nodes.map((n) => n.spec.id);
    for (const edge of result.value.edges) expect(order.indexOf(edge.from.node)).toBeLessThan(order.indexOf(edge.to.node));
  });

  it("reports an unknown kind with the known ones", () => {
    const doc = vgps();
    doc.nodes[2]!["kind"] = "samplr";
    const [problem] = problemsOf(doc).filter((p) => p.code === "unknown-kind");
    expect(problem).toMatchObject({ pointer: "/nodes/2/kind", nodeId: "sampler" });
    expect(problem!.message).toContain("known kinds: environment, policy, sampler");
  });

  it("says nothing of what a node of an unknown kind would provide: its ports, its columns, its role", () => {
    const doc = vgps();
    // A scorer of the user's own, not loaded, between the risk filter and the executor, whose column the executor and dataset read.
    doc.nodes.push({ id: "mine", kind: "my-bonus", params: {}, position: { x: 0, y: 0 } });
    doc.edges = doc.edges.map((edge) => (edge.to === "executor.candidates" ? { from: "mine.candidates", to: edge.to } : edge));
    doc.edges.push({ from: "risk.candidates", to: "mine.candidates" });
    (doc.nodes.find((node) => node["id"] === "executor")!["params"] as Record<string, unknown>)["score"] = "bonus";
    (doc.nodes.find((node) => node["id"] === "dataset")!["params"] as Record<string, unknown>)["scoreColumn"] = "bonus";
    expect(problemsOf(doc).map((p) => [p.code, p.nodeId])).toEqual([["unknown-kind", "mine"]]);

    const unknownEnvironment = vgps();
    unknownEnvironment.nodes[0]!["kind"] = "my-world";
    expect(problemsOf(unknownEnvironment).map((p) => [p.code, p.nodeId])).toEqual([["unknown-kind", "env"]]);
  });

  it("reports a bad param with its JSON pointer and range", () => {
    const doc = vgps();
    (doc.nodes[2]!["params"] as Record<string, unknown>)["n"] = 0;
    (doc.nodes[1]!["params"] as Record<string, unknown>)["epsilon"] = "lots";
    const problems = problemsOf(doc).filter((p) => p.code === "bad-param");
    expect(problems.map((p) => p.pointer).sort()).toEqual(["/nodes/1/params/epsilon", "/nodes/2/params/n"]);
    expect(problems.find((p) => p.nodeId === "sampler")!.message).toMatch(/n: .*>=\s*1|n: .*at least 1/i);
  });

  it("reports a misspelt param instead of dropping it, naming the kind's params and the nearest one", () => {
    const doc = vgps();
    (doc.nodes[2]!["params"] as Record<string, unknown>)["nn"] = 8;
    expect(problemsOf(doc)).toEqual([
      {
        code: "unknown-param",
        pointer: "/nodes/2/params/nn",
        nodeId: "sampler",
        message: 'unknown param "nn" (a "sampler" node\'s params: n, temperature, topK, topP, includeGreedy, dedupe). Did you mean "n"?',
      },
    ]);
  });

  it("reports an unknown key inside a param, against the variant the param chose", () => {
    const doc = JSON.parse(readFileSync("examples/gridworld-lookahead.foresight.json", "utf8")) as Doc;
    const rollout = doc.nodes.findIndex((node) => node["kind"] === "rollout");
    // The simulator variant has no `path`: that key belongs to the ONNX dynamics variant.
    (doc.nodes[rollout]!["params"] as { model: Record<string, unknown> }).model["path"] = "dynamics.onnx";
    const [problem, ...rest] = problemsOf(doc);
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ code: "unknown-param", pointer: `/nodes/${rollout}/params/model/path`, nodeId: "rollout" });
    expect(problem!.message).toBe('unknown param "path" in model (the params there: kind)');
  });

  it("takes any key where a param is a map (an external environment's keyword arguments)", () => {
    const doc = JSON.parse(readFileSync("examples/cartpole-random.foresight.json", "utf8")) as Doc;
    const env = doc.nodes[0]!["params"] as Record<string, unknown>;
    env["makeArgs"] = { render_mode: "rgb_array", anything: 1 };
    env["python"] = "no-such-python-here";
    // The environment cannot start here (no such program), which is a bad-param of its own; no key is unknown.
    expect(problemsOf(doc).filter((p) => p.code === "unknown-param")).toEqual([]);
  });

  it("reports a heuristic policy in a world without naive preferences before the run, not at its first step", () => {
    const doc = JSON.parse(readFileSync("examples/pendulum-random.foresight.json", "utf8")) as Doc;
    doc.nodes[1]!["params"] = { variant: "heuristic" };
    const result = validatePipeline(doc, registry, { pipelineDir: "examples" });
    expect(result.ok ? [] : result.problems).toEqual([
      {
        code: "bad-param",
        pointer: "/nodes/1/params/variant",
        nodeId: "policy",
        message: 'the heuristic policy needs an environment with naive preferences (GridWorld, CartPole); "pendulum" has none: choose another variant (uniform, onnx, llm, scripted)',
      },
    ]);
  });

  it("suggests the nearest choice for a mistyped one: a union's tag, an enum's value, a run setting's", () => {
    const doc = vgps();
    (doc.nodes[0]!["params"] as Record<string, unknown>)["name"] = "gridwrld";
    (doc.nodes[5]!["params"] as Record<string, unknown>)["select"] = "argmx";
    (doc["run"] as Record<string, unknown>)["trace"] = "ful";
    const messages = Object.fromEntries(problemsOf(doc).map((p) => [p.pointer, p.message]));
    expect(messages["/nodes/0/params/name"]).toMatch(/^name: Invalid discriminator value\. Expected 'gridworld' \| .*\. Did you mean "gridworld"\?$/);
    expect(messages["/nodes/5/params/select"]).toMatch(/^select: .*"epsilon-greedy"\. Did you mean "argmax"\?$/);
    expect(messages["/run/trace"]).toMatch(/Did you mean "full"\?$/);
    (doc.nodes[5]!["params"] as Record<string, unknown>)["select"] = "best";
    expect(problemsOf(doc).find((p) => p.pointer === "/nodes/5/params/select")?.message).not.toContain("Did you mean");
  });

  describe("a --set that switches a node's variant", () => {
    const overridden = (file: string, sets: string[]) => {
      const doc = JSON.parse(readFileSync(file, "utf8")) as Doc;
      const after = applyOverrides(doc, sets) as Doc;
      const dropped = dropSwitchedVariantParams(doc, after, sets, (kind) => registry.get(kind)?.params);
      return { after, dropped, params: (id: string) => after.nodes.find((node) => node["id"] === id)!["params"] };
    };

    it("drops the params only the previous variant declared, and names them", () => {
      const { after, dropped, params } = overridden("examples/pendulum-worldmodel.foresight.json", ["env.name=gymnasium", "env.id=Pendulum-v1", "env.python=no-such-python"]);
      expect(dropped).toEqual(["env.g", "env.maxEpisodeSteps"]);
      expect(params("env")).toEqual({ name: "gymnasium", id: "Pendulum-v1", python: "no-such-python" });
      // No key is unknown any more; what is left is that this interpreter cannot be started.
      const result = validatePipeline(after, registry, { pipelineDir: "examples" });
      expect(result.ok ? [] : result.problems.map((p) => [p.code, p.pointer])).toEqual([["bad-param", "/nodes/0/params"]]);
    });

    it("drops them inside a param too (a rollout's ONNX model switched to the simulator)", () => {
      const { dropped, params } = overridden("examples/gridworld-worldmodel.foresight.json", ["rollout.model.kind=simulator"]);
      expect(dropped).toEqual(["done", "encoding", "hazard", "input", "nextState", "path", "provider", "reward"].map((key) => `rollout.model.${key}`));
      expect((params("rollout") as { model: unknown }).model).toEqual({ kind: "simulator" });
    });

    it("keeps what a --set wrote, a misspelt --set and the file's own typos: those stay problems", () => {
      const doc = JSON.parse(readFileSync("examples/pendulum-random.foresight.json", "utf8")) as Doc;
      (doc.nodes[0]!["params"] as Record<string, unknown>)["gg"] = 1;
      const sets = ["env.name=gymnasium", "env.maxEpisodeSteps=50", "policy.varaint=gaussian"];
      const after = applyOverrides(doc, sets) as Doc;
      expect(dropSwitchedVariantParams(doc, after, sets, (kind) => registry.get(kind)?.params)).toEqual(["env.g"]);
      expect(problemsOf(after).filter((p) => p.code === "unknown-param").map((p) => p.pointer)).toEqual([
        "/nodes/0/params/maxEpisodeSteps",
        "/nodes/0/params/gg",
        "/nodes/1/params/varaint",
      ]);
      // What the CLI says beside each: the --set that gave it, none for the file's own typo.
      const behind = problemsOf(after).filter((p) => p.code === "unknown-param").map((p) => overrideBehind(doc, sets, p.pointer));
      expect(behind).toEqual(["env.maxEpisodeSteps=50", undefined, "policy.varaint=gaussian"]);
      // A problem with a node's params as a whole (an environment its params cannot build) names that node's --set, no other's.
      expect(["/nodes/0/params", "/nodes/1/params", "/nodes/0"].map((pointer) => overrideBehind(doc, ["env.makeArgs={}"], pointer))).toEqual(["env.makeArgs={}", undefined, undefined]);
    });

    it("drops nothing when no variant changed", () => {
      expect(overridden("examples/pendulum-random.foresight.json", ["env.g=9.8", "sampler.n=4"]).dropped).toEqual([]);
    });
  });

  it("reports misspelt fields of the file, its run settings and its nodes", () => {
    const doc = vgps();
    (doc["run"] as Record<string, unknown>)["episdoes"] = 10;
    doc["nmae"] = "x";
    doc.nodes[1]!["parms"] = {};
    const problems = problemsOf(doc);
    expect(problems.map((p) => [p.code, p.pointer])).toEqual([
      ["unknown-field", "/run/episdoes"],
      ["unknown-field", "/nodes/1/parms"],
      ["unknown-field", "/nmae"],
    ]);
    expect(problems[0]!.message).toBe('unknown field "episdoes" in run (the fields there: episodes, seed, maxSteps, onNodeError, trace, lockstep). Did you mean "episodes"?');
    expect(problems[2]!.message).toContain('Did you mean "name"?');
  });

  it("reports one bad param as one problem, not as a cascade over the node's edges", () => {
    const doc = vgps();
    (doc.nodes[2]!["params"] as Record<string, unknown>)["n"] = 0;
    (doc.nodes[6]!["params"] as Record<string, unknown>)["formats"] = [];
    expect(problemsOf(doc).map((p) => p.pointer)).toEqual(["/nodes/2/params/n", "/nodes/6/params/formats"]);
  });

  describe("a bad param of a node whose ports follow its params (an LLM policy's candidates output)", () => {
    const confidence = (): Doc => JSON.parse(readFileSync("examples/shopping-confidence.foresight.json", "utf8")) as Doc;
    const policyParams = (doc: Doc) => doc.nodes.find((n) => n["id"] === "policy")!["params"] as Record<string, unknown>;

    it("is one problem: the input its edge feeds is still connected", () => {
      const doc = confidence();
      policyParams(doc)["n"] = 0;
      expect(problemsOf(doc).map((p) => `${p.code} ${p.pointer}`)).toEqual(["bad-param /nodes/1/params/n"]);
      const unparsedUrl = confidence();
      policyParams(unparsedUrl)["baseUrl"] = "127.0.0.1:8080/v1";
      expect(problemsOf(unparsedUrl).map((p) => `${p.code} ${p.pointer}`)).toEqual(["bad-param /nodes/1/params/baseUrl"]);
    });

    it("leaves the columns it hands on unchecked downstream, rather than reporting them missing", () => {
      const doc = confidence();
      policyParams(doc)["n"] = 0;
      (doc.nodes.find((n) => n["id"] === "executor")!["params"] as Record<string, unknown>)["score"] = "logp";
      expect(problemsOf(doc).map((p) => p.pointer)).toEqual(["/nodes/1/params/n"]);
    });

    it("still refuses a second edge into an input it feeds", () => {
      const doc = confidence();
      policyParams(doc)["n"] = 0;
      doc.edges.push({ from: "policy.candidates", to: "executor.candidates" });
      expect(problemsOf(doc).map((p) => `${p.code} ${p.pointer}`)).toEqual(["bad-param /nodes/1/params/n", `input-taken /edges/${doc.edges.length - 1}/to`]);
    });
  });

  describe("an LLM policy, which answers only for the live state", () => {
    const read = (name: string): Doc => JSON.parse(readFileSync(`examples/${name}.foresight.json`, "utf8")) as Doc;
    /** The example with its policy node swapped for the LLM policy of `llmExample`. */
    const withLlmPolicy = (name: string, llmExample: string): Doc => {
      const doc = read(name);
      const llm = read(llmExample).nodes.find((n) => n["id"] === "policy")!;
      doc.nodes = doc.nodes.map((n) => (n["id"] === "policy" ? { ...n, params: llm["params"] } : n));
      return doc;
    };
    const problemsIn = (doc: Doc) => {
      const result = validatePipeline(doc, registry, { pipelineDir: "examples" });
      return result.ok ? [] : result.problems;
    };

    it("is refused as a tree search's policy, naming the edge, before any episode asks the server", () => {
      const doc = withLlmPolicy("shopping-best-first", "shopping-confidence");
      const edge = doc.edges.findIndex((e) => e.from === "policy.policy" && e.to === "search.policy");
      expect(problemsIn(doc)).toEqual([
        {
          code: "incompatible-ports",
          pointer: `/edges/${edge}`,
          nodeId: "search",
          message:
            "cannot connect policy.policy to search.policy: the LLM policy answers only for the live state (its prompt has no context for a simulated one), " +
            "and tree search asks its policy for the actions below every simulated state; connect a policy that can, or none (in a discrete action space the search then tries every action)",
        },
      ]);
    });

    it("is refused as the policy a rollout continues with, and allowed where the rollout repeats the action instead", () => {
      const doc = withLlmPolicy("gridworld-lookahead", "gridworld-llm");
      const problems = problemsIn(doc);
      expect(problems.map((p) => `${p.code} ${p.nodeId}`)).toEqual(["incompatible-ports rollout"]);
      expect(problems[0]!.message).toMatch(/^cannot connect policy.policy to rollout.policy: the LLM policy answers only for the live state .*continuation "policy"/);
      (doc.nodes.find((n) => n["id"] === "rollout")!["params"] as Record<string, unknown>)["continuation"] = "repeat";
      expect(problemsIn(doc)).toEqual([]);
    });

    it("is refused as the policy Monte-Carlo rollouts follow", () => {
      const doc = JSON.parse(readFileSync("tools/shopping-stepq-collect.foresight.json", "utf8")) as Doc;
      const llm = read("shopping-confidence").nodes.find((n) => n["id"] === "policy")!;
      doc.nodes = doc.nodes.map((n) => (n["kind"] === "policy" ? { ...n, params: llm["params"] } : n));
      const problems = problemsIn(doc);
      expect(problems.map((p) => p.code)).toEqual(["incompatible-ports"]);
      expect(problems[0]!.message).toMatch(/the LLM policy answers only for the live state .*Monte-Carlo rollouts ask the policy for an action in every simulated state/);
    });
  });

  it("reports a missing required input and suggests a source", () => {
    const doc = vgps();
    doc.edges = doc.edges.filter((e) => e.to !== "executor.candidates");
    const [problem] = problemsOf(doc);
    expect(problem).toMatchObject({ code: "missing-input", nodeId: "executor", pointer: "/nodes/5" });
    expect(problem!.message).toContain('"candidates"');
    expect(problem!.message).toContain("risk.candidates");
  });

  it("refuses an edge from a candidate table to an environment input", () => {
    const doc = vgps();
    doc.edges.push({ from: "sampler.candidates", to: "policy.environment" });
    doc.edges = doc.edges.filter((e) => e.from !== "env.environment" || e.to !== "policy.environment");
    const problems = problemsOf(doc).filter((p) => p.code === "incompatible-ports");
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ pointer: `/edges/${doc.edges.length - 1}`, nodeId: "policy" });
    expect(problems[0]!.message).toContain("sampler.candidates (candidates) to policy.environment (environment)");
  });

  it("reports a cycle within a step", () => {
    const doc = vgps();
    doc.nodes.push({ id: "sampler2", kind: "sampler", params: {} });
    doc.nodes.push({ id: "policy2", kind: "policy", params: { variant: "uniform" } });
    doc.edges.push({ from: "policy2.distribution", to: "sampler2.distribution" });
    // No port lets a sampler feed a policy, so build the cycle from two risk filters instead.
    doc.nodes.push({ id: "f1", kind: "risk-filter", params: { irreversible: false } }, { id: "f2", kind: "risk-filter", params: { irreversible: false } });
    doc.edges.push({ from: "f1.candidates", to: "f2.candidates" }, { from: "f2.candidates", to: "f1.candidates" });
    const problems = problemsOf(doc).filter((p) => p.code === "cycle");
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/f1 → f2 → f1|f2 → f1 → f2/);
    expect(problems[0]!.pointer).toMatch(/^\/edges\/\d+$/);
  });

  it("reports duplicate ids", () => {
    const doc = vgps();
    doc.nodes.push({ ...doc.nodes[3]!, position: { x: 1, y: 1 } });
    const [problem] = problemsOf(doc).filter((p) => p.code === "duplicate-id");
    expect(problem).toMatchObject({ pointer: `/nodes/${doc.nodes.length - 1}/id`, nodeId: "q" });
    expect(problem!.message).toContain("/nodes/3");
  });

  it("allows one Environment and one Executor only", () => {
    const doc = vgps();
    doc.nodes.push({ id: "env2", kind: "environment", params: { name: "gridworld" } });
    doc.nodes.push({ id: "executor2", kind: "executor", params: {} });
    doc.edges.push({ from: "risk.candidates", to: "executor2.candidates" }, { from: "env2.environment", to: "executor2.environment" });
    const problems = problemsOf(doc).filter((p) => p.code === "too-many");
    expect(problems.map((p) => p.nodeId).sort()).toEqual(["env2", "executor2"]);
    expect(problems.every((p) => /\/nodes\/\d+\/kind/.test(p.pointer))).toBe(true);
  });

  it("requires an Environment and an Executor", () => {
    const problems = problemsOf({ format: "foresight/pipeline", version: 1, name: "empty", nodes: [], edges: [] });
    expect(problems.map((p) => p.code)).toEqual(["missing-role", "missing-role"]);
  });

  it("reports dangling edges and unknown ports", () => {
    const doc = vgps();
    doc.edges.push({ from: "ghost.candidates", to: "executor.candidates" });
    doc.edges.push({ from: "sampler.candidatez", to: "q.candidates" });
    const problems = problemsOf(doc);
    const dangling = problems.find((p) => p.code === "dangling-edge")!;
    expect(dangling.pointer).toBe(`/edges/${doc.edges.length - 2}/from`);
    expect(dangling.message).toContain('"ghost"');
    const unknown = problems.find((p) => p.code === "unknown-port")!;
    expect(unknown.pointer).toBe(`/edges/${doc.edges.length - 1}/from`);
    expect(unknown.message).toContain("its outputs: candidates");
  });

  it("refuses a second edge into one input", () => {
    const doc = vgps();
    doc.edges.push({ from: "q.candidates", to: "executor.candidates" });
    const [problem] = problemsOf(doc);
    expect(problem).toMatchObject({ code: "input-taken", nodeId: "executor" });
  });

  it("reports every problem at once, not just the first", () => {
    const doc = vgps();
    doc.nodes[0]!["kind"] = "nope";
    (doc.nodes[2]!["params"] as Record<string, unknown>)["n"] = -3;
    doc.edges.push({ from: "ghost.x", to: "executor.candidates" });
    doc["run"] = { episodes: 0 };
    const codes = new Set(problemsOf(doc).map((p) => p.code));
    expect([...codes]).toEqual(expect.arrayContaining(["unknown-kind", "bad-param", "dangling-edge", "bad-field"]));
  });

  it("rejects a file from a newer Foresight and a file that is not a pipeline", () => {
    expect(problemsOf({ ...vgps(), version: 9 })[0]).toMatchObject({ code: "unsupported-version", pointer: "/version" });
    expect(problemsOf([1, 2])[0]).toMatchObject({ code: "bad-format" });
    expect(problemsOf({ ...vgps(), format: "other" })[0]).toMatchObject({ code: "bad-field", pointer: "/format" });
    // Some other JSON file (a package.json): named as not a pipeline, not as a pipeline of a bad version.
    expect(problemsOf({ name: "app", version: "1.0.0" })).toEqual([
      { code: "bad-format", pointer: "/format", message: 'not a Foresight pipeline file: it has no "format" (a pipeline file has "format": "foresight/pipeline" and a "version")' },
    ]);
    expect(problemsOf({ ...vgps(), version: 0 })[0]).toMatchObject({ code: "unsupported-version", pointer: "/version" });
  });
});
