import { z } from "zod";
import { topologicalOrder } from "../graph.js";
import { resolve } from "node:path";
import { EnvironmentParamError, type Environment, type JsonValue } from "../environment.js";
import { readModelInfo } from "../inference/model-info.js";
import { modelLoadFailure } from "../inference/model-loads.js";
import type { ModelInfo } from "../inference/types.js";
import { portsOf, type AnyNodeKind, type CheckContext, type InputPort, type NodePorts, type OutputPort } from "../node-kind.js";
import { canConnect, type PortType } from "../ports.js";
import type { NodeRegistry } from "../registry.js";
import { checkCanvasItems } from "./canvas-items.js";
import { checkAlongCandidates } from "./along-candidates.js";
import { checkColumnReferences } from "./column-check.js";
import { missingAbility } from "./port-abilities.js";
import { documentShapeProblem } from "./document-shape.js";
import { migrate } from "./migrate.js";
import { jsonPointer } from "./pointer.js";
import { problemsFromZod, type Problem } from "./problem.js";
import { didYouMean } from "./closest-name.js";
import { unknownKeyProblems } from "./unknown-keys.js";
import { reachable } from "../../protocol/graph-paths.js";
import { counted, withArticle } from "../../protocol/shown-values.js";
import {
  edgeSpecSchema,
  nodeSpecSchema,
  parsePortRef,
  pipelineEnvelopeSchema,
  type EdgeSpec,
  type NodeSpec,
  type Pipeline,
} from "./schema.js";

/** The id a node that is not a valid node spec was given, if it reads as one: its other problems then name the node as the rest do. */
function writtenId(item: unknown): string | undefined {
  const id = typeof item === "object" && item !== null ? (item as { id?: unknown }).id : undefined;
  return typeof id === "string" && id !== "" ? id : undefined;
}

/** A node whose kind is known and whose params parsed. */
export interface ResolvedNode {
  spec: NodeSpec;
  kind: AnyNodeKind;
  /** Params after the kind's schema (defaults filled in). */
  params: unknown;
  /** Its ports, as its params resolve them (see `NodeKind.ports`). */
  ports: NodePorts<unknown>;
}

/** An edge between existing, compatible ports. */
export interface ResolvedEdge {
  from: { node: string; port: string };
  to: { node: string; port: string };
  type: PortType;
}

/** A pipeline that passed validation, ready for the engine. */
export interface ValidatedPipeline {
  pipeline: Pipeline;
  /** Nodes in evaluation (topological) order. */
  nodes: ResolvedNode[];
  edges: ResolvedEdge[];
  /** What the environment declared of itself where it lives elsewhere (Environment.declared): run.start records it. */
  declaredEnvironment?: JsonValue;
}

export type ValidationResult = { ok: true; value: ValidatedPipeline } | { ok: false; problems: Problem[] };

const headerSchema = pipelineEnvelopeSchema.omit({ nodes: true, edges: true });

/** Where the file lives: relative model paths resolve against it. */
export interface ValidateOptions {
  pipelineDir?: string;
  /** What a run recorded the environment declaring (run.start): describe it from that, without reaching it (training on a run folder). */
  declaredEnvironment?: JsonValue;
}

/** Checks a parsed pipeline file against the registry's kinds; reports every problem, not just the first. */
export function validatePipeline(doc: unknown, registry: NodeRegistry, options: ValidateOptions = {}): ValidationResult {
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) {
    return { ok: false, problems: [{ code: "bad-format", pointer: "", message: "a pipeline file must hold a JSON object" }] };
  }
  const shapeProblem = documentShapeProblem(doc);
  if (shapeProblem) return { ok: false, problems: [shapeProblem] };
  const migrated = migrate(doc as Record<string, unknown>);
  if (!migrated.ok) return { ok: false, problems: [migrated.problem] };
  const raw = migrated.doc;
  const problems: Problem[] = [];

  const header = headerSchema.safeParse(raw);
  if (!header.success) problems.push(...problemsFromZod(header.error, [], "bad-field", undefined, raw));
  problems.push(...unknownKeyProblems(pipelineEnvelopeSchema, raw, { base: [], code: "unknown-field", what: "field", owner: "the pipeline file" }));
  problems.push(...checkCanvasItems(raw));

  const { nodes, unknownKinds } = resolveNodes(raw["nodes"], registry, problems);
  const { edges, unchecked } = resolveEdges(raw["edges"], nodes, unknownKinds, problems);
  checkRequiredInputs(nodes, [...edges, ...unchecked], problems);
  checkRoles(nodes, unknownKinds.size > 0, problems);
  const environment = runKindChecks(nodes, resolve(options.pipelineDir ?? "."), options.declaredEnvironment, problems);
  const order = orderNodes(nodes, [...edges, ...unchecked], problems);
  if (order) {
    const inOrder = order.map((id) => nodes.get(id)!).map(({ index, node, paramsValid }) => ({ index, id: node.spec.id, kind: node.kind, params: node.params, paramsValid }));
    // An unchecked edge still carries the columns upstream, as the port type its known end gives.
    const typed = unchecked.flatMap(({ edge }) => (edge.type ? [{ ...edge, type: edge.type }] : []));
    problems.push(...checkColumnReferences(inOrder, [...edges.map((e) => e.edge), ...typed]));
    problems.push(...checkAlongCandidates(inOrder, [...edges.map((e) => e.edge), ...typed]));
  }

  if (problems.length > 0 || !header.success || !order) return { ok: false, problems };
  const pipeline: Pipeline = { ...header.data, nodes: [...nodes.values()].map((n) => n.node.spec), edges: edges.map((e) => e.spec) };
  return {
    ok: true,
    value: { pipeline, nodes: order.map((id) => nodes.get(id)!.node), edges: edges.map((e) => e.edge), ...(environment?.declared !== undefined ? { declaredEnvironment: environment.declared } : {}) },
  };
}

interface IndexedNode {
  index: number;
  node: ResolvedNode;
  /**
   * False when the node's params have problems (already reported). The node still counts for
   * roles, cycles and, when its kind's ports do not depend on params, its edges — so one bad
   * param is one problem, not a cascade of "missing node" ones.
   */
  paramsValid: boolean;
}

/**
 * The nodes whose kind is known, and the ids (with their index) of those whose kind is not: a kind of
 * the user's own not loaded, most often. Such a node's kind would say its ports, columns and role, so
 * nothing is said of what it would provide; its one problem is its kind.
 */
function resolveNodes(value: unknown, registry: NodeRegistry, problems: Problem[]): { nodes: Map<string, IndexedNode>; unknownKinds: Map<string, number> } {
  const nodes = new Map<string, IndexedNode>();
  const unknownKinds = new Map<string, number>();
  const list = z.array(z.unknown()).safeParse(value);
  if (!list.success) {
    problems.push({ code: "bad-field", pointer: "/nodes", message: "nodes must be an array of nodes" });
    return { nodes, unknownKinds };
  }
  list.data.forEach((item, index) => {
    const spec = nodeSpecSchema.safeParse(item);
    if (!spec.success) {
      problems.push(...problemsFromZod(spec.error, ["nodes", index], "bad-field", writtenId(item), item));
      return;
    }
    const { id } = spec.data;
    const earlier = nodes.get(id)?.index ?? unknownKinds.get(id);
    if (earlier !== undefined) {
      problems.push({
        code: "duplicate-id",
        pointer: jsonPointer(["nodes", index, "id"]),
        nodeId: id,
        message: `id "${id}" is already used by /nodes/${earlier}; node ids must be unique`,
      });
      return;
    }
    const kind = registry.get(spec.data.kind);
    if (!kind) {
      unknownKinds.set(id, index);
      problems.push({
        code: "unknown-kind",
        pointer: jsonPointer(["nodes", index, "kind"]),
        nodeId: id,
        message: `unknown node kind "${spec.data.kind}"; known kinds: ${registry.names().join(", ")}${didYouMean(spec.data.kind, registry.names())}`,
      });
      return;
    }
    const params = kind.params.safeParse(spec.data.params);
    if (!params.success) {
      problems.push(...problemsFromZod(params.error, ["nodes", index, "params"], "bad-param", id, spec.data.params));
      nodes.set(id, { index, node: { spec: spec.data, kind, params: undefined, ports: { inputs: kind.inputs, outputs: kind.outputs } }, paramsValid: false });
      return;
    }
    const base = ["nodes", index, "params"];
    problems.push(...unknownKeyProblems(kind.params, spec.data.params, { base, code: "unknown-param", what: "param", owner: `${withArticle(`"${kind.kind}"`)} node`, nodeId: id }));
    nodes.set(id, { index, node: { spec: spec.data, kind, params: params.data, ports: portsOf(kind, params.data) }, paramsValid: true });
  });
  return { nodes, unknownKinds };
}

interface IndexedEdge {
  index: number;
  spec: EdgeSpec;
  edge: ResolvedEdge;
}

/**
 * An edge at a node of an unknown kind, or at one whose ports depend on params that have problems
 * (both already reported): its ports cannot be checked, but it connects all the same, so the input it feeds is not "not connected".
 * `type` is its known end's port type, if either end is known.
 */
interface UncheckedEdge {
  index: number;
  edge: { from: { node: string; port: string }; to: { node: string; port: string }; type: PortType | undefined };
}

function resolveEdges(
  value: unknown,
  nodes: ReadonlyMap<string, IndexedNode>,
  unknownKinds: ReadonlyMap<string, number>,
  problems: Problem[],
): { edges: IndexedEdge[]; unchecked: UncheckedEdge[] } {
  const edges: IndexedEdge[] = [];
  const unchecked: UncheckedEdge[] = [];
  if (value === undefined) return { edges, unchecked };
  const list = z.array(z.unknown()).safeParse(value);
  if (!list.success) {
    problems.push({ code: "bad-field", pointer: "/edges", message: "edges must be an array of { from, to }" });
    return { edges, unchecked };
  }
  const takenInputs = new Map<string, number>();
  list.data.forEach((item, index) => {
    const spec = edgeSpecSchema.safeParse(item);
    if (!spec.success) {
      problems.push(...problemsFromZod(spec.error, ["edges", index], "bad-field"));
      return;
    }
    const from = parsePortRef(spec.data.from);
    const to = parsePortRef(spec.data.to);
    const source = unknownKinds.has(from.node) ? UNCHECKED : portOf(nodes, from, "outputs", ["edges", index, "from"], problems);
    const target = unknownKinds.has(to.node) ? UNCHECKED : portOf(nodes, to, "inputs", ["edges", index, "to"], problems);
    if (!source || !target) return;
    if (source === UNCHECKED || target === UNCHECKED) {
      if (takeInput(takenInputs, spec.data.to, index, to.node, problems)) {
        const type = target !== UNCHECKED ? target.type : source !== UNCHECKED ? source.type : undefined;
        unchecked.push({ index, edge: { from, to, type } });
      }
      return;
    }
    if (!canConnect(source.type, target.type)) {
      problems.push({
        code: "incompatible-ports",
        pointer: jsonPointer(["edges", index]),
        nodeId: to.node,
        message: `cannot connect ${spec.data.from} (${source.type}) to ${spec.data.to} (${target.type}): the port types differ`,
      });
      return;
    }
    // Reported, but the edge still connects: its input is not also "not connected".
    const unable = missingAbility(source, target, nodes.get(to.node)!.node.params);
    if (unable) {
      problems.push({ code: "incompatible-ports", pointer: jsonPointer(["edges", index]), nodeId: to.node, message: `cannot connect ${spec.data.from} to ${spec.data.to}: ${unable}` });
    }
    if (!takeInput(takenInputs, spec.data.to, index, to.node, problems)) return;
    edges.push({ index, spec: spec.data, edge: { from, to, type: source.type } });
  });
  return { edges, unchecked };
}

/** Records that edge `index` feeds input `to`; false, with a problem, when an earlier edge already does. */
function takeInput(takenInputs: Map<string, number>, to: string, index: number, nodeId: string, problems: Problem[]): boolean {
  const earlier = takenInputs.get(to);
  if (earlier !== undefined) {
    problems.push({
      code: "input-taken",
      pointer: jsonPointer(["edges", index, "to"]),
      nodeId,
      message: `input ${to} is already fed by /edges/${earlier}; an input takes one edge`,
    });
    return false;
  }
  takenInputs.set(to, index);
  return true;
}

/** The port an edge's end names, by the side it is on. */
interface PortOnSide {
  inputs: InputPort<PortType, unknown>;
  outputs: OutputPort;
}

/** What portOf says of a port its node's bad params hide. */
const UNCHECKED = "unchecked";

function portOf<S extends "inputs" | "outputs">(
  nodes: ReadonlyMap<string, IndexedNode>,
  ref: { node: string; port: string },
  side: S,
  path: readonly PropertyKey[],
  problems: Problem[],
): PortOnSide[S] | typeof UNCHECKED | undefined {
  const node = nodes.get(ref.node);
  if (!node) {
    problems.push({
      code: "dangling-edge",
      pointer: jsonPointer(path),
      message: `no valid node "${ref.node}" to connect (it is missing or has problems of its own)${didYouMean(ref.node, nodes.keys())}`,
    });
    return undefined;
  }
  // Its ports come from params that have problems: nothing to check the edge against.
  if (!node.paramsValid && node.node.kind.ports) return UNCHECKED;
  // Own ports only: "env.constructor" must not find Object's constructor.
  const ports = node.node.ports[side];
  const port = Object.hasOwn(ports, ref.port) ? ports[ref.port] : undefined;
  if (!port) {
    const names = Object.keys(node.node.ports[side]);
    problems.push({
      code: "unknown-port",
      pointer: jsonPointer(path),
      nodeId: ref.node,
      message: `${node.node.kind.title} "${ref.node}" has no ${side === "inputs" ? "input" : "output"} "${ref.port}"; its ${side}: ${names.join(", ") || "none"}${didYouMean(ref.port, names)}`,
    });
    return undefined;
  }
  // TypeScript does not narrow `ports` by the generic side; `side` picked it.
  return port as PortOnSide[S];
}

function isRequired(port: InputPort<PortType, unknown>, params: unknown): boolean {
  return typeof port.required === "function" ? port.required(params) : port.required === true;
}

function checkRequiredInputs(nodes: ReadonlyMap<string, IndexedNode>, edges: readonly (IndexedEdge | UncheckedEdge)[], problems: Problem[]): void {
  const connected = new Set(edges.map((e) => `${e.edge.to.node}.${e.edge.to.port}`));
  const sources = outputsByType(nodes);
  const upstreamOf = upstreamOnce(edges);
  for (const [id, { index, node, paramsValid }] of nodes) {
    if (!paramsValid) continue;
    for (const [name, port] of Object.entries(node.ports.inputs)) {
      if (connected.has(`${id}.${name}`) || !isRequired(port, node.params)) continue;
      const others = (sources.get(port.type) ?? []).filter((source) => source.node !== id);
      // A source downstream of the node (the node is upstream of it) would close a cycle.
      const downstream = others.filter((source) => upstreamOf(source.node).has(id)).map((source) => source.ref);
      const hints = others.filter((source) => !upstreamOf(source.node).has(id)).slice(0, 3).map((source) => source.ref);
      problems.push({
        code: "missing-input",
        pointer: jsonPointer(["nodes", index]),
        nodeId: id,
        message: `required input "${name}" (${port.type}) is not connected; ${sourceHint(id, port.type, hints, downstream)}`,
      });
    }
  }
}

/** What could feed a missing input: sources to connect, else a node to add, saying why those downstream of it will not do. */
function sourceHint(nodeId: string, type: PortType, fitting: readonly string[], downstream: readonly string[]): string {
  if (fitting.length > 0) return `connect e.g. ${fitting.join(" or ")}`;
  const add = `add a node with ${withArticle(type)} output`;
  if (downstream.length === 0) return add;
  const [are, them] = downstream.length === 1 ? ["is", "it"] : ["are", "them"];
  return `${add} (${downstream.join(" and ")} ${are} downstream of "${nodeId}": connecting ${them} would make a cycle)`;
}

/**
 * The nodes upstream of a node (those with a path to it), walked once per node asked about: only the
 * few suggested sources are, so validation stays linear however many inputs are missing.
 */
function upstreamOnce(edges: readonly (IndexedEdge | UncheckedEdge)[]): (node: string) => ReadonlySet<string> {
  const links = edges.map((e) => [e.edge.from.node, e.edge.to.node] as const);
  const walked = new Map<string, ReadonlySet<string>>();
  return (node) => {
    let upstream = walked.get(node);
    if (!upstream) walked.set(node, (upstream = new Set(reachable(node, links, "upstream").keys())));
    return upstream;
  };
}

/**
 * The first outputs of each port type, in file order, to suggest as sources for a missing input:
 * up to 3 from each of the first 8 nodes with one, so 3 remain once the node that lacks the input and
 * those downstream of it (they would close a cycle) are left out, as long as a few are not.
 * Built once, so validation stays linear in the nodes however many inputs are missing.
 */
function outputsByType(nodes: ReadonlyMap<string, IndexedNode>): Map<PortType, { node: string; ref: string }[]> {
  const byType = new Map<PortType, { node: string; ref: string }[]>();
  const nodesWith = new Map<PortType, number>();
  for (const { node } of nodes.values()) {
    const seen = new Map<PortType, number>();
    for (const [name, out] of Object.entries(node.ports.outputs)) {
      const fromThisNode = seen.get(out.type) ?? 0;
      if (fromThisNode === 0 && (nodesWith.get(out.type) ?? 0) >= 8) continue;
      if (fromThisNode >= 3) continue;
      if (fromThisNode === 0) nodesWith.set(out.type, (nodesWith.get(out.type) ?? 0) + 1);
      seen.set(out.type, fromThisNode + 1);
      const list = byType.get(out.type) ?? [];
      list.push({ node: node.spec.id, ref: `${node.spec.id}.${name}` });
      byType.set(out.type, list);
    }
  }
  return byType;
}

/** Each kind's own `check` (model shapes against the environment's encodings and the like); returns the environment described for them. */
function runKindChecks(nodes: ReadonlyMap<string, IndexedNode>, pipelineDir: string, declared: JsonValue | undefined, problems: Problem[]): Environment | undefined {
  // Without a valid environment node (its problems are reported) checks go without an environment.
  const environmentNode = [...nodes.values()].find((entry) => entry.node.kind.role === "environment" && entry.paramsValid)?.node;
  let environment: Environment | undefined;
  try {
    environment = environmentNode?.kind.describeEnvironment?.(environmentNode.params, { pipelineDir, ...(declared !== undefined ? { declared } : {}) });
  } catch (error) {
    // An environment outside the process (a Python one) can fail to start: that is a problem of its params.
    const entry = nodes.get(environmentNode!.spec.id)!;
    const param = error instanceof EnvironmentParamError ? error.param : [];
    problems.push({ code: "bad-param", pointer: jsonPointer(["nodes", entry.index, "params", ...param]), nodeId: environmentNode!.spec.id, message: (error as Error).message });
  }
  const ctx: CheckContext = { pipelineDir, environment, modelInfo: modelInfoOnce(pipelineDir) };
  for (const [id, { index, node, paramsValid }] of nodes) {
    if (!paramsValid) continue;
    for (const problem of node.kind.check?.(node.params, ctx) ?? []) {
      problems.push({ code: "bad-param", pointer: jsonPointer(["nodes", index, "params", ...problem.path]), nodeId: id, message: problem.message });
    }
  }
  return environment;
}

/** Reads each model file once per validation, however many nodes use it; a failed read is remembered too. */
function modelInfoOnce(pipelineDir: string): CheckContext["modelInfo"] {
  const read = new Map<string, { info: ModelInfo } | { error: unknown }>();
  return (path) => {
    const file = resolve(pipelineDir, path);
    let entry = read.get(file);
    if (!entry) {
      try {
        const info = readModelInfo(file);
        // A model whose interface reads well may still hold what ONNX Runtime refuses: found here, it names the param.
        const failure = modelLoadFailure(file);
        entry = failure ? { error: new Error(failure) } : { info };
      } catch (error) {
        entry = { error };
      }
      read.set(file, entry);
    }
    if ("error" in entry) throw entry.error;
    return entry.info;
  };
}

/** `someKindUnknown`: a node of an unknown kind may be the missing role's, so none is reported missing. */
function checkRoles(nodes: ReadonlyMap<string, IndexedNode>, someKindUnknown: boolean, problems: Problem[]): void {
  const byKind = new Map<string, IndexedNode[]>();
  const byRole = new Map<string, IndexedNode[]>();
  const add = (map: Map<string, IndexedNode[]>, key: string, entry: IndexedNode) => {
    const list = map.get(key);
    if (list) list.push(entry);
    else map.set(key, [entry]);
  };
  for (const entry of nodes.values()) {
    add(byKind, entry.node.kind.kind, entry);
    const role = entry.node.kind.role;
    if (role) add(byRole, role, entry);
  }
  for (const entries of byKind.values()) {
    const kind = entries[0]!.node.kind;
    const max = kind.maxPerPipeline ?? Infinity;
    for (const extra of entries.slice(max)) {
      problems.push({
        code: "too-many",
        pointer: jsonPointer(["nodes", extra.index, "kind"]),
        nodeId: extra.node.spec.id,
        message: `a pipeline may hold ${counted(max, `${kind.title} node`)}; "${entries[0]!.node.spec.id}" is already one`,
      });
    }
  }
  for (const role of ["environment", "executor"] as const) {
    if (byRole.has(role) || someKindUnknown) continue;
    problems.push({
      code: "missing-role",
      pointer: "/nodes",
      message:
        role === "environment"
          ? "the pipeline has no Environment node; every run needs one to act in"
          : "the pipeline has no Executor node; a step ends when the Executor acts on the environment",
    });
  }
}

function orderNodes(nodes: ReadonlyMap<string, IndexedNode>, edges: readonly (IndexedEdge | UncheckedEdge)[], problems: Problem[]): string[] | undefined {
  // An edge at a node of an unknown kind does not take part: that node has no place in the order.
  const known = edges.filter((e) => nodes.has(e.edge.from.node) && nodes.has(e.edge.to.node));
  const result = topologicalOrder(
    [...nodes.values()].sort((a, b) => a.index - b.index).map((n) => n.node.spec.id),
    known.map((e) => [e.edge.from.node, e.edge.to.node] as const),
  );
  if (result.ok) return result.order;
  problems.push(cycleProblem(result.cycle, known));
  return undefined;
}

/**
 * The cycle's problem names its nodes and the edges that close it. It points at the cycle's edge
 * latest in the file (most often the one just added) and names that edge's target as its node,
 * the place to jump to and cut it.
 */
function cycleProblem(cycle: readonly string[], edges: readonly (IndexedEdge | UncheckedEdge)[]): Problem {
  const between = new Map<string, IndexedEdge | UncheckedEdge>();
  for (const e of edges) {
    const key = `${e.edge.from.node}\0${e.edge.to.node}`;
    if (!between.has(key)) between.set(key, e);
  }
  const steps = cycle.slice(1).map((to, i) => between.get(`${cycle[i]}\0${to}`)!);
  const latest = steps.reduce((a, b) => (b.index > a.index ? b : a));
  const from = steps.indexOf(latest) + 1;
  const nodes = [...cycle.slice(from, -1), ...cycle.slice(0, from)];
  const ordered = [...steps.slice(from), ...steps.slice(0, from)];
  const through = ordered.map(({ edge }) => `${edge.from.node}.${edge.from.port} → ${edge.to.node}.${edge.to.port}`);
  return {
    code: "cycle",
    pointer: jsonPointer(["edges", latest.index]),
    nodeId: latest.edge.to.node,
    message: `cycle within a step: ${[...nodes, nodes[0]].join(" → ")} (edges ${through.join(", ")}); a step's graph must be acyclic (what carries over to the next step goes through the environment): remove one of these edges`,
  };
}
