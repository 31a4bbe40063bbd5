import type { Connection, Edge } from "@xyflow/react";
import { pathBetween, reachable, type NodeLink } from "../../protocol/graph-paths.js";
import type { KindDescription, OutputPortDescription } from "../../protocol/index.js";
import { drawnEdges } from "../document/drawn-edges.js";
import type { PipelineNode } from "../document/pipeline.js";
import { portsOf } from "../document/ports.js";

// The rules for drawing an edge, in one place: a drop (connectionRefusal), the highlight of the ports
// a drag could end on (compatiblePorts), the `C` port list (graph-edits' possibleConnections) and the
// message after a refused drop (refusedDrop) all ask refusal(), then whether the edge would close a cycle.
// An edge the canvas cannot draw (from a missing node or port) takes no input: connecting replaces it.

type Kinds = ReadonlyMap<string, KindDescription>;

/** One end of a would-be edge: a node's output or input, by name. */
export interface PortEnd {
  nodeId: string;
  port: string;
  side: "output" | "input";
}

/** A handle as xyflow reports a connection's ends. */
export interface HandleEnd {
  nodeId: string;
  id?: string | null;
  type: "source" | "target";
}

/** The edge already feeding each input, keyed by `nodeId\0port`. */
function feedingEdges(edges: readonly Edge[]): Map<string, Edge> {
  return new Map(edges.map((edge) => [`${edge.target}\0${edge.targetHandle ?? ""}`, edge]));
}

/**
 * Why an output of one node cannot feed an input of another, or null when it can: not the same node,
 * an output to an input, the same type, a free input (the rules validation applies to a file).
 */
function refusal(sourceId: string, output: OutputPortDescription | undefined, targetId: string, input: OutputPortDescription | undefined, feeding: Edge | undefined): string | null {
  if (sourceId === targetId) return "a node cannot feed itself";
  if (!output || !input) return "connect an output (right side) to an input (left side)";
  if (output.type !== input.type) return `cannot connect ${output.type} → ${input.type}`;
  if (feeding) return `input ${targetId}.${input.name} is already connected (from ${feeding.source}.${feeding.sourceHandle}); delete that edge first`;
  return null;
}

/** The drawn edges as node links, for the walks that find cycles. */
function linksOf(drawn: readonly Edge[]): NodeLink[] {
  return drawn.map((edge) => [edge.source, edge.target] as const);
}

/** Why an edge cannot be drawn, or null when it can. */
export function connectionRefusal(connection: Connection | Edge, nodes: readonly PipelineNode[], edges: readonly Edge[], kinds: Kinds): string | null {
  const source = nodes.find((node) => node.id === connection.source);
  const target = nodes.find((node) => node.id === connection.target);
  const output = source && portsOf(kinds.get(source.data.kind), source.data.params).outputs.find((port) => port.name === connection.sourceHandle);
  const input = target && portsOf(kinds.get(target.data.kind), target.data.params).inputs.find((port) => port.name === connection.targetHandle);
  const drawn = drawnEdges(edges, nodes, kinds);
  const feeding = drawn.find((edge) => edge.target === connection.target && edge.targetHandle === connection.targetHandle);
  const refused = refusal(connection.source, output, connection.target, input, feeding);
  if (refused) return refused;
  // Validation would refuse the file with a cycle problem: say so at the drop, with the path that closes it.
  const back = pathBetween(connection.target, connection.source, linksOf(drawn));
  return back ? `${connection.target} already feeds ${connection.source}: this edge would make a cycle (${[...back, connection.target].join(" → ")})` : null;
}

/** The port a drag starts from, when its node and port exist. */
function portAt(end: PortEnd, nodes: readonly PipelineNode[], kinds: Kinds): OutputPortDescription | undefined {
  const node = nodes.find((candidate) => candidate.id === end.nodeId);
  if (!node) return undefined;
  const ports = portsOf(kinds.get(node.data.kind), node.data.params);
  return (end.side === "output" ? ports.outputs : ports.inputs).find((port) => port.name === end.port);
}

/**
 * Every port on the canvas a drag from `from` could end on (an edge could be drawn there now), in
 * the nodes' order. One pass over the nodes: at 500 nodes this runs once per drag, not per move.
 */
export function compatiblePorts(from: PortEnd, nodes: readonly PipelineNode[], edges: readonly Edge[], kinds: Kinds): PortEnd[] {
  const own = portAt(from, nodes, kinds);
  if (!own) return [];
  const drawn = drawnEdges(edges, nodes, kinds);
  const feeding = feedingEdges(drawn);
  // An output may not feed a node upstream of its own, nor an input take a node downstream of its own: either closes a cycle.
  const wouldCycle = reachable(from.nodeId, linksOf(drawn), from.side === "output" ? "upstream" : "downstream");
  const found: PortEnd[] = [];
  for (const node of nodes) {
    if (wouldCycle.has(node.id)) continue;
    const ports = portsOf(kinds.get(node.data.kind), node.data.params);
    if (from.side === "output") {
      for (const input of ports.inputs)
        if (refusal(from.nodeId, own, node.id, input, feeding.get(`${node.id}\0${input.name}`)) === null) found.push({ nodeId: node.id, port: input.name, side: "input" });
    } else {
      for (const output of ports.outputs)
        if (refusal(node.id, output, from.nodeId, own, feeding.get(`${from.nodeId}\0${from.port}`)) === null) found.push({ nodeId: node.id, port: output.name, side: "output" });
    }
  }
  return found;
}

/** At most this many ports or kinds are named in a hint; the rest are counted. */
const HINT_LIMIT = 4;

function listed(names: readonly string[], conjunction: "and" | "or"): string {
  if (names.length <= 1) return names.join("");
  if (names.length > HINT_LIMIT) return `${names.slice(0, HINT_LIMIT).join(", ")} and ${names.length - HINT_LIMIT} more`;
  return `${names.slice(0, -1).join(", ")} ${conjunction} ${names.at(-1)}`;
}

/**
 * What a drag from `from` could connect to instead, as a phrase for the status line: the free
 * compatible ports on the canvas ("sampler.candidates fits q.candidates, risk.candidates"), or, when
 * there are none, the kinds in the palette with a port of that type. Null when the port is unknown.
 */
export function whatFits(from: PortEnd, nodes: readonly PipelineNode[], edges: readonly Edge[], kinds: Kinds): string | null {
  const own = portAt(from, nodes, kinds);
  if (!own) return null;
  const name = `${from.nodeId}.${from.port}`;
  if (from.side === "input") {
    const feeding = drawnEdges(edges, nodes, kinds).find((edge) => edge.target === from.nodeId && edge.targetHandle === from.port);
    if (feeding) return `${name} is fed by ${feeding.source}.${feeding.sourceHandle}; delete that edge to feed it from elsewhere`;
  }
  const ports = compatiblePorts(from, nodes, edges, kinds).map((end) => `${end.nodeId}.${end.port}`);
  if (ports.length > 0) return from.side === "output" ? `${name} fits ${listed(ports, "or")}` : `${name} takes ${listed(ports, "or")}`;
  const offering = [...kinds.values()].filter((kind) => {
    const declared = portsOf(kind, kind.defaults);
    return (from.side === "output" ? declared.inputs : declared.outputs).some((port) => port.type === own.type);
  });
  const where = from.side === "output" ? `no free ${own.type} input on the canvas` : `nothing on the canvas outputs ${own.type}`;
  const verb = from.side === "output" ? "take" : "output";
  if (offering.length === 0) return `${where}, and no kind ${verb}s one`;
  const they = offering.length === 1 ? `it ${verb}s` : `they ${verb}`;
  return `${where}; add ${listed(offering.map((kind) => kind.title), "or")} from the palette (${they} ${own.type})`;
}

/**
 * What the status line says when a drag from `from` was dropped on `to` and refused: why, then what
 * the dragged port would fit instead (whichever end the drag started from).
 */
export function refusedDrop(from: HandleEnd, to: HandleEnd, nodes: readonly PipelineNode[], edges: readonly Edge[], kinds: Kinds): string | null {
  const [output, input] = from.type === "source" ? [from, to] : [to, from];
  const reason = connectionRefusal({ source: output.nodeId, sourceHandle: output.id ?? null, target: input.nodeId, targetHandle: input.id ?? null }, nodes, edges, kinds);
  if (!reason) return null;
  const hint = whatFits({ nodeId: from.nodeId, port: from.id ?? "", side: from.type === "source" ? "output" : "input" }, nodes, edges, kinds);
  if (!hint) return reason;
  // "…; delete that edge first" is already a sentence of its own.
  const taken = drawnEdges(edges, nodes, kinds).some((edge) => edge.target === input.nodeId && edge.targetHandle === input.id);
  return `${reason}${taken ? ";" : ":"} ${hint}`;
}
