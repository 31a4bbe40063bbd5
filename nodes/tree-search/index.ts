import { Column, type CandidateTable } from "../../runtime/candidate-table.js";
import { cannotCopy } from "../../runtime/environment.js";
import { defineNodeKind } from "../../runtime/node-kind.js";
import { keptActions, perRow, type KeptActions } from "../rollout/kept-actions.js";
import { defaultPrior, treeSearchParams } from "./params.js";
import { searchTree } from "./search.js";

/** Column with each candidate's value as the search found it. */
export const searchValueColumn = "search_value";
/** Column with the states simulated below each candidate. */
export const searchNodesColumn = "search_nodes";

/** Searches a tree of futures below the current state, through the environment's own simulator, and values each candidate by it. */
export const treeSearchKind = defineNodeKind({
  kind: "tree-search",
  title: "Tree search",
  shortId: "search",
  description:
    "Best-first (WebOperator) or A* (ToolChain*) search over the environment's own simulator (snapshot/restore), from " +
    "the current state, within a budget of simulated states: each candidate is a first step, the policy proposes the " +
    "steps below, the value input estimates the open states. Irreversible actions are never simulated; the search " +
    "backtracks to the best open state instead; one with no prior value ranks last. Adds each candidate's search value, whether it is irreversible, and " +
    "its subtree's size; the searched tree is an output of its own.",
  params: treeSearchParams,
  columns: [
    { name: searchValueColumn, label: "search value", format: "number", chart: true, description: "The candidate's reward plus the discounted best value the search found below it (an irreversible candidate's prior, or −∞ without one: shown empty)." },
    { name: Column.irreversible, label: "irreversible", format: "boolean", description: "The environment declares the action irreversible: never simulated, valued by its prior (−∞ without one)." },
    { name: searchNodesColumn, label: "search nodes", format: "integer", description: "States simulated below the candidate, its own first step included." },
  ],
  inputs: {
    candidates: { type: "candidates", description: "The first actions to consider.", required: true },
    environment: { type: "environment", description: "The live environment; it is snapshotted and cloned, never stepped.", required: true },
    policy: {
      type: "policy",
      description: "Proposes the actions below each candidate (its most likely ones); without it, every action of a discrete space.",
      needs: {
        "simulated-states":
          "tree search asks its policy for the actions below every simulated state; connect a policy that can, or none (in a discrete action space the search then tries every action)",
      },
    },
    value: { type: "valueFunction", description: "The estimate h(s) = V(s) of open states; without it the search ranks by rewards found so far." },
  },
  outputs: {
    candidates: { type: "candidates", description: "The candidates with search_value, irreversible and search_nodes columns." },
    tree: { type: "json", description: "The searched tree (each state's action, reward, value, estimate and expansion order), for the step inspector." },
  },
  // The default prior may be missing (no Q-scorer before): such candidates then rank last. A name the user chose must exist.
  columnReferences: (p) => (p.prior === defaultPrior ? [] : [{ path: ["prior"], columns: [p.prior] }]),
  check(_params, ctx) {
    const environment = ctx.environment;
    if (!environment) return [];
    if (environment.canSnapshot === false) return [{ path: [], message: `tree search needs the environment's simulator, and ${cannotCopy(environment)}` }];
    // Its branches are discrete choices; a box's actions are sampled and scored instead.
    if (environment.actionSpace.kind === "box") {
      return [{ path: [], message: `tree search expands discrete choices, and "${environment.name}" has continuous actions; sample and score candidates instead (a Q-scorer or a World-model rollout)` }];
    }
    return [];
  },
  create(params) {
    return {
      async run({ candidates, environment, policy, value }, ctx) {
        // Filtered rows are not searched (their cells stay empty): the executor never takes them.
        const kept = keptActions(candidates);
        const result = await searchTree({
          environment,
          actions: kept.actions,
          priors: firstPriors(candidates, params.prior, kept),
          policy,
          value,
          params,
          rng: ctx.rng,
          signal: ctx.signal,
        });
        return {
          candidates: candidates
            .withColumn(searchValueColumn, perRow(kept, result.values, null))
            .withColumn(Column.irreversible, perRow(kept, result.irreversible, null))
            .withColumn(searchNodesColumn, perRow(kept, result.nodes, 0)),
          tree: result.tree,
        };
      },
    };
  },
});

/** Each distinct kept action's prior: the column's value at its first row, null where it holds no number or is the default and missing. */
function firstPriors(candidates: CandidateTable, column: string, kept: KeptActions): (number | null)[] {
  const values = candidates.column(column);
  const priors = new Array<number | null>(kept.actions.length).fill(null);
  // Validation cannot see the columns a Script adds: a chosen column that is missing fails here, naming the ones there are.
  if (!values && column !== defaultPrior) {
    throw new Error(`prior names the column "${column}", which the candidates lack (columns: ${["action", ...candidates.columnNames()].join(", ")})`);
  }
  if (!values) return priors;
  kept.rowToAction.forEach((action, row) => {
    const value = values[row];
    if (action !== null && priors[action] === null && typeof value === "number") priors[action] = value;
  });
  return priors;
}
