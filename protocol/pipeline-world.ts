import { stableJson } from "./stable-json.js";
import { worldParams } from "./world-difference.js";

/** A pipeline's nodes as far as telling its world and its shape goes (a run folder's copy, the editor's document). */
type NodesOf = { nodes?: unknown };
type KindAndParams = { kind?: unknown; params?: unknown };

function nodesOf(doc: NodesOf): KindAndParams[] {
  return Array.isArray(doc.nodes) ? doc.nodes.filter((node): node is KindAndParams => typeof node === "object" && node !== null) : [];
}

/**
 * The world a pipeline acts in: its Environment node's params (keys sorted; not those that only say
 * how it is served) as JSON, as RunListing.world holds it; undefined without a single Environment node.
 */
export function pipelineWorld(doc: NodesOf): string | undefined {
  const environments = nodesOf(doc).filter((node) => node.kind === "environment");
  if (environments.length !== 1) return undefined;
  const params = environments[0]!.params;
  return stableJson(worldParams(typeof params === "object" && params !== null ? (params as Record<string, unknown>) : {}));
}

/** The kinds a policy acting alone is made of: it proposes, the executor acts, a dataset records. */
const POLICY_ALONE_KINDS: ReadonlySet<string> = new Set(["environment", "policy", "sampler", "executor", "dataset"]);

/**
 * Whether a pipeline is a policy acting alone (every example's baseline: gridworld-policy-only,
 * shopping-scripted): no node scores, filters, looks ahead or searches (q-scorer, rollout,
 * risk-filter, tree-search, script, or a kind of an extension's), so it is what a
 * value-guided pipeline is measured against.
 */
export function isPolicyAlone(doc: NodesOf): boolean {
  const nodes = nodesOf(doc);
  return nodes.length > 0 && nodes.every((node) => typeof node.kind === "string" && POLICY_ALONE_KINDS.has(node.kind));
}
