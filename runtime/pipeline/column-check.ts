import type { AnyNodeKind, ColumnReference } from "../node-kind.js";
import type { PortType } from "../ports.js";
import { closestName } from "./closest-name.js";
import { jsonPointer } from "./pointer.js";
import type { Problem } from "./problem.js";

/** What the column check needs of a node. */
export interface ColumnCheckNode {
  /** Its place in the file's `nodes`. */
  index: number;
  id: string;
  kind: AnyNodeKind;
  /** Parsed params; only read when `paramsValid`. */
  params: unknown;
  paramsValid: boolean;
}

/** What the column check needs of an edge: the ones between existing, compatible ports. */
export interface ColumnCheckEdge {
  from: { node: string; port: string };
  to: { node: string; port: string };
  type: PortType;
}

/** Every candidate table has the actions; expressions may read them as "action". */
const ACTION = "action";

/**
 * Checks the params that name candidate columns (`NodeKind.columnReferences`) against the columns
 * the kinds upstream declare, so `score: "qq * 2"` is a problem before any run rather than an error
 * on every step. Where an upstream kind may add any column (a Script), nothing is checked. Needs the
 * nodes in evaluation order: a pipeline with a cycle (reported on its own) is not checked.
 */
export function checkColumnReferences(nodesInOrder: readonly ColumnCheckNode[], edges: readonly ColumnCheckEdge[]): Problem[] {
  const candidateEdgesInto = new Map<string, ColumnCheckEdge[]>();
  for (const edge of edges) {
    if (edge.type !== "candidates") continue;
    const list = candidateEdgesInto.get(edge.to.node) ?? [];
    list.push(edge);
    candidateEdgesInto.set(edge.to.node, list);
  }
  const columnsOut = columnsOutOf(nodesInOrder, candidateEdgesInto);
  const problems: Problem[] = [];
  for (const node of nodesInOrder) {
    if (!node.paramsValid || !node.kind.columnReferences) continue;
    for (const reference of node.kind.columnReferences(node.params)) {
      const input = reference.input ?? "candidates";
      const edge = candidateEdgesInto.get(node.id)?.find((e) => e.to.port === input);
      // An unconnected input is a problem of its own (missing-input), not one of columns.
      const available = edge ? columnsOut(edge.from.node) : undefined;
      if (!available) continue;
      if (reference.whole !== undefined && available.has(reference.whole)) continue;
      const unknown = reference.columns.filter((name) => !available.has(name));
      if (unknown.length === 0) continue;
      problems.push({
        code: "unknown-column",
        pointer: jsonPointer(["nodes", node.index, "params", ...reference.path]),
        nodeId: node.id,
        message: unknownColumnsMessage(node, reference, unknown, available),
      });
    }
  }
  return problems;
}

/**
 * The columns each node's candidates output carries; undefined where some kind upstream may add any.
 * One pass in evaluation order (no recursion: a chain of 10,000 nodes must not overflow the stack).
 */
function columnsOutOf(
  nodesInOrder: readonly ColumnCheckNode[],
  candidateEdgesInto: ReadonlyMap<string, readonly ColumnCheckEdge[]>,
): (id: string) => ReadonlySet<string> | undefined {
  const known = new Map<string, ReadonlySet<string> | undefined>();
  for (const node of nodesInOrder) {
    let columns: Set<string> | undefined = node.kind.columns ? new Set([ACTION]) : undefined;
    for (const edge of candidateEdgesInto.get(node.id) ?? []) {
      const upstream = known.get(edge.from.node);
      if (!columns || !upstream) {
        columns = undefined;
        break;
      }
      for (const name of upstream) columns.add(name);
    }
    for (const column of (columns && node.kind.columns) || []) columns!.add(column.name);
    known.set(node.id, columns);
  }
  return (id) => known.get(id);
}

function unknownColumnsMessage(node: ColumnCheckNode, reference: ColumnReference, unknown: readonly string[], available: ReadonlySet<string>): string {
  const field = reference.path.map(String).join(".");
  const value = valueAt(node.params, reference.path);
  const names = unknown.map((name) => `"${name}"`).join(" and ");
  const subject =
    typeof value === "string" && !(unknown.length === 1 && unknown[0] === value) ? `${field} "${value}" uses ${names}` : `${field} names ${names}`;
  const suggestion = unknown.map((name) => closestName(name, available)).find((name) => name !== undefined);
  const hint = suggestion ? ` Did you mean "${suggestion}"?` : "";
  return `${subject}, which no node before "${node.id}" adds to the candidates; the columns their kinds can add: ${[...available].join(", ")}.${hint}`;
}

function valueAt(params: unknown, path: readonly PropertyKey[]): unknown {
  let value = params;
  for (const key of path) value = typeof value === "object" && value !== null ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  return value;
}
