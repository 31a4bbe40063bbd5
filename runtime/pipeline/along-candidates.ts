import type { AnyNodeKind, NodeAlongCandidates } from "../node-kind.js";
import { jsonPointer } from "./pointer.js";
import type { Problem } from "./problem.js";

/** What the check needs of a node: its place in the file, and its params where they parsed. */
export interface AlongNode {
  index: number;
  id: string;
  kind: AnyNodeKind;
  params: unknown;
  paramsValid: boolean;
}

/**
 * Runs each kind's `checkAlongCandidates` with the nodes its candidates pass through before and
 * after it (following candidates edges only, so a policy feeding two branches relates nothing).
 * Needs the nodes in evaluation order, as the column check does.
 */
export function checkAlongCandidates(
  nodesInOrder: readonly AlongNode[],
  edges: readonly { from: { node: string }; to: { node: string }; type: string }[],
): Problem[] {
  const feeds = new Map<string, string[]>();
  const fedBy = new Map<string, string[]>();
  for (const edge of edges) {
    if (edge.type !== "candidates") continue;
    (feeds.get(edge.from.node) ?? feeds.set(edge.from.node, []).get(edge.from.node)!).push(edge.to.node);
    (fedBy.get(edge.to.node) ?? fedBy.set(edge.to.node, []).get(edge.to.node)!).push(edge.from.node);
  }
  const byId = new Map(nodesInOrder.map((node) => [node.id, node]));
  const problems: Problem[] = [];
  for (const node of nodesInOrder) {
    if (!node.paramsValid || !node.kind.checkAlongCandidates) continue;
    const along = [...reached(node.id, fedBy, "upstream"), ...reached(node.id, feeds, "downstream")].flatMap(({ id, side }): NodeAlongCandidates[] => {
      const other = byId.get(id);
      return other?.paramsValid ? [{ id, kind: other.kind.kind, params: other.params, side }] : [];
    });
    for (const problem of node.kind.checkAlongCandidates(node.params, along)) {
      problems.push({ code: "bad-param", pointer: jsonPointer(["nodes", node.index, "params", ...problem.path]), nodeId: node.id, message: problem.message });
    }
  }
  return problems;
}

/** The nodes reached from `start` along `next` (breadth first, each once), on `side`. */
function reached(start: string, next: ReadonlyMap<string, readonly string[]>, side: NodeAlongCandidates["side"]): { id: string; side: NodeAlongCandidates["side"] }[] {
  const seen = new Set([start]);
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    for (const id of next.get(queue[i]!) ?? []) {
      if (seen.has(id)) continue;
      seen.add(id);
      queue.push(id);
    }
  }
  return queue.slice(1).map((id) => ({ id, side }));
}
