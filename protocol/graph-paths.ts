/** An edge between two nodes, as their ids: [from, to]. */
export type NodeLink = readonly [from: string, to: string];

/**
 * Every node reachable from `start` along the links ("downstream") or against them ("upstream"),
 * `start` included, each mapped to the node it was first reached from (null for `start`): a
 * breadth-first walk, so following those back gives a shortest path. One pass over the links.
 */
export function reachable(start: string, links: Iterable<NodeLink>, direction: "downstream" | "upstream"): Map<string, string | null> {
  const neighbours = new Map<string, string[]>();
  for (const [from, to] of links) {
    const [near, far] = direction === "downstream" ? [from, to] : [to, from];
    const list = neighbours.get(near);
    if (list) list.push(far);
    else neighbours.set(near, [far]);
  }
  const reachedFrom = new Map<string, string | null>([[start, null]]);
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head]!;
    for (const next of neighbours.get(node) ?? []) {
      if (reachedFrom.has(next)) continue;
      reachedFrom.set(next, node);
      queue.push(next);
    }
  }
  return reachedFrom;
}

/** The nodes from `start` to `end` along the links, both included, or null when `end` is not downstream of `start`. */
export function pathBetween(start: string, end: string, links: Iterable<NodeLink>): string[] | null {
  const reachedFrom = reachable(start, links, "downstream");
  if (!reachedFrom.has(end)) return null;
  const path = [end];
  for (let node = reachedFrom.get(end); node != null; node = reachedFrom.get(node)) path.push(node);
  return path.reverse();
}
