import type { AnyNodeKind } from "../runtime/node-kind.js";
import { NodeRegistry } from "../runtime/registry.js";
import { datasetKind } from "./dataset/index.js";
import { environmentKind } from "./environment/index.js";
import { executorKind } from "./executor/index.js";
import { policyKind } from "./policy/index.js";
import { monteCarloQKind } from "./monte-carlo-q/index.js";
import { qScorerKind } from "./q-scorer/index.js";
import { riskFilterKind } from "./risk-filter/index.js";
import { rolloutKind } from "./rollout/index.js";
import { samplerKind } from "./sampler/index.js";
import { scriptKind } from "./script/index.js";
import { treeSearchKind } from "./tree-search/index.js";

/** The one list of built-in node kinds, in palette order. */
export const builtinNodeKinds: readonly AnyNodeKind[] = [
  environmentKind,
  policyKind,
  samplerKind,
  qScorerKind,
  rolloutKind,
  treeSearchKind,
  monteCarloQKind,
  riskFilterKind,
  executorKind,
  datasetKind,
  scriptKind,
];

/** A registry holding every built-in kind. */
export function builtinRegistry(): NodeRegistry {
  return new NodeRegistry(builtinNodeKinds);
}
