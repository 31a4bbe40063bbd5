import type { Connection, Edge } from "@xyflow/react";
import type { KindDescription } from "../../protocol/index.js";
import type { PipelineNode } from "../document/pipeline.js";
import { portsOf } from "../document/ports.js";

/** The port types at both ends of a would-be edge, when both ports exist. */
function portTypes(connection: Connection | Edge, nodes: readonly PipelineNode[], kinds: ReadonlyMap<string, KindDescription>) {
  const source = nodes.find((node) => node.id === connection.source);
  const target = nodes.find((node) => node.id === connection.target);
  const output = source && portsOf(kinds.get(source.data.kind), source.data.params).outputs.find((port) => port.name === connection.sourceHandle);
  const input = target && portsOf(kinds.get(target.data.kind), target.data.params).inputs.find((port) => port.name === connection.targetHandle);
  return { output, input };
}

/**
 * Why an edge cannot be drawn, or null when it can: the types must match and an input takes one
 * edge (the same rules validation applies to a file).
 */
export function connectionRefusal(
  connection: Connection | Edge,
  nodes: readonly PipelineNode[],
  edges: readonly Edge[],
  kinds: ReadonlyMap<string, KindDescription>,
): string | null {
  if (connection.source === connection.target) return "a node cannot feed itself";
  const { output, input } = portTypes(connection, nodes, kinds);
  if (!output || !input) return "connect an output (right side) to an input (left side)";
  if (output.type !== input.type) return `cannot connect ${output.type} → ${input.type}`;
  const taken = edges.find((edge) => edge.target === connection.target && edge.targetHandle === connection.targetHandle);
  if (taken) return `input ${connection.target}.${input.name} is already connected (from ${taken.source}.${taken.sourceHandle}); delete that edge first`;
  return null;
}
