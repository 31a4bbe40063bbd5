/** Topological order of a step's graph, or one cycle when there is none. */
export type TopoResult = { ok: true; order: string[] } | { ok: false; cycle: string[] };

/**
 * Kahn's algorithm; ties keep the nodes' file order so evaluation order is stable.
 * `edges` are [from, to] node ids; an edge at a node not in `nodes` takes no part.
 * A cycle reads in edge direction and ends where it starts: ["a", "b", "a"].
 */
export function topologicalOrder(nodes: readonly string[], edges: readonly (readonly [string, string])[]): TopoResult {
  const indegree = new Map(nodes.map((n) => [n, 0]));
  const next = new Map<string, string[]>(nodes.map((n) => [n, []]));
  const previous = new Map<string, string[]>(nodes.map((n) => [n, []]));
  for (const [from, to] of edges) {
    if (!indegree.has(from) || !indegree.has(to)) continue;
    next.get(from)!.push(to);
    previous.get(to)!.push(from);
    indegree.set(to, indegree.get(to)! + 1);
  }
  const ready = nodes.filter((n) => indegree.get(n) === 0);
  const order: string[] = [];
  // An index, not shift(): shifting a long array is linear, which made this quadratic in the nodes.
  for (let head = 0; head < ready.length; head++) {
    const node = ready[head]!;
    order.push(node);
    for (const to of next.get(node)!) {
      const left = indegree.get(to)! - 1;
      indegree.set(to, left);
      if (left === 0) ready.push(to);
    }
  }
  if (order.length === nodes.length) return { ok: true, order };
  const loop = findCycle(nodes.filter((n) => indegree.get(n)! > 0), previous);
  // Begun at its node first in the file, so the same graph always names its cycle the same way.
  const inLoop = new Set(loop);
  const first = loop.indexOf(nodes.find((n) => inLoop.has(n))!);
  const cycle = [...loop.slice(first), ...loop.slice(0, first)];
  return { ok: false, cycle: [...cycle, cycle[0]!] };
}

/**
 * The nodes of one cycle, in edge order, not closed: walks predecessors among the unordered nodes
 * until one repeats. Predecessors, not successors: an unordered node always has an unordered
 * predecessor (that is what kept its indegree above 0), while its successors may all lie downstream
 * of the cycle with none of their own to walk to.
 */
function findCycle(remaining: readonly string[], previous: ReadonlyMap<string, string[]>): string[] {
  const left = new Set(remaining);
  const path: string[] = [];
  const onPath = new Map<string, number>();
  let node = remaining[0]!;
  while (!onPath.has(node)) {
    onPath.set(node, path.length);
    path.push(node);
    node = previous.get(node)!.find((n) => left.has(n))!;
  }
  // The path runs against the edges: reversed, the loop reads in their direction.
  return path.slice(onPath.get(node)).reverse();
}
