/** Topological order of a step's graph, or one cycle when there is none. */
export type TopoResult = { ok: true; order: string[] } | { ok: false; cycle: string[] };

/**
 * Kahn's algorithm; ties keep the nodes' file order so evaluation order is stable.
 * `edges` are [from, to] node ids.
 */
export function topologicalOrder(nodes: readonly string[], edges: readonly (readonly [string, string])[]): TopoResult {
  const indegree = new Map(nodes.map((n) => [n, 0]));
  const next = new Map<string, string[]>(nodes.map((n) => [n, []]));
  for (const [from, to] of edges) {
    next.get(from)?.push(to);
    indegree.set(to, (indegree.get(to) ?? 0) + 1);
  }
  const ready = nodes.filter((n) => indegree.get(n) === 0);
  const order: string[] = [];
  // An index, not shift(): shifting a long array is linear, which made this quadratic in the nodes.
  for (let head = 0; head < ready.length; head++) {
    const node = ready[head]!;
    order.push(node);
    for (const to of next.get(node) ?? []) {
      const left = indegree.get(to)! - 1;
      indegree.set(to, left);
      if (left === 0) ready.push(to);
    }
  }
  if (order.length === nodes.length) return { ok: true, order };
  return { ok: false, cycle: findCycle(nodes.filter((n) => indegree.get(n)! > 0), next) };
}

/** Walks successors among the unordered nodes until one repeats; every such node lies on or leads to a cycle. */
function findCycle(remaining: readonly string[], next: ReadonlyMap<string, string[]>): string[] {
  const left = new Set(remaining);
  const path: string[] = [];
  const onPath = new Map<string, number>();
  let node = remaining[0]!;
  while (!onPath.has(node)) {
    onPath.set(node, path.length);
    path.push(node);
    node = (next.get(node) ?? []).find((n) => left.has(n))!;
  }
  return [...path.slice(onPath.get(node)), node];
}
