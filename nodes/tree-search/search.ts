import { performance } from "node:perf_hooks";
import type { SearchTreeNode, TracedSearchTree } from "../../protocol/traced-values.js";
import type { Action, EnvSnapshot, Environment } from "../../runtime/environment.js";
import type { ActionDistribution, PolicyFunction, ValueFunction } from "../../runtime/ports.js";
import type { Rng } from "../../runtime/rng.js";
import { Frontier } from "./frontier.js";
import type { TreeSearchParams } from "./params.js";

/** One search, for one step of the live environment. */
export interface SearchRequest {
  /** The live environment: snapshotted and cloned, never stepped. */
  environment: Environment;
  /** The first actions to consider (the candidates, each once). */
  actions: readonly Action[];
  /** Each first action's estimate when it is irreversible and so never simulated (e.g. its Q); null for none (it then ranks last). */
  priors: readonly (number | null)[];
  /** Proposes the actions below the first step; without one, every action of a discrete space. */
  policy: PolicyFunction | undefined;
  /** The estimate h(s); without one, 0 (the search then ranks by rewards found). */
  value: ValueFunction | undefined;
  params: TreeSearchParams;
  rng: Rng;
  signal: AbortSignal;
}

/** What the search found: each first action's value and subtree size, and the tree to trace. */
export interface SearchResult {
  /** Per first action: its reward plus the discounted best value found below it (its prior when irreversible, −∞ without one). */
  values: number[];
  irreversible: boolean[];
  /** States simulated in each first action's subtree (its own included). */
  nodes: number[];
  tree: TracedSearchTree;
}

/** A state of the tree. Only its snapshot is kept: a simulator is restored from it when it is expanded. */
interface SearchNode {
  readonly action: Action | null;
  readonly depth: number;
  readonly reward: number;
  /** Discounted return from the current state to here (g). */
  readonly gain: number;
  readonly snapshot: EnvSnapshot | null;
  readonly ended: boolean;
  readonly irreversible: boolean;
  estimate: number | null;
  expandedAs: number | null;
  /** The best discounted return found from this state on (backUp); −∞ for an irreversible state with no prior. */
  value: number;
  readonly children: SearchNode[];
}

/**
 * Best-first or A* search over the environment's own simulator, from the live state, by snapshot and
 * restore. An action the environment declares irreversible is never simulated: it stays a leaf valued
 * by its prior (a candidate's column; below the first step, its parent's estimate), so the search
 * backtracks to the best open state instead (WebOperator's safe backtracking); only the executor may
 * take it, for real. Without one it is worth −∞: what was never simulated must not outrank what was
 * for lack of information (valued at the return so far, 0, it outranked every step that costs: the
 * step into lava looked best).
 */
export async function searchTree(request: SearchRequest): Promise<SearchResult> {
  const { environment, params, signal } = request;
  if (environment.done) throw new Error(`the "${environment.name}" episode has already ended; there is nothing to search`);
  const started = performance.now();
  const simulator = environment.clone();
  const root: SearchNode = node(null, 0, 0, 0, environment.snapshot(), false, false);
  root.estimate = (await estimates(request.value, [environment]))[0] ?? null;

  const frontier = new Frontier<SearchNode>();
  let simulated = 0;
  let expansions = 0;
  // The first level spends the budget too, but is simulated whole: every candidate needs a value.
  const budgetLeft = () => Math.max(request.actions.length, params.maxNodes) - simulated;
  const expand = async (parent: SearchNode, actions: readonly Action[], priors: readonly (number | null)[]) => {
    parent.expandedAs = ++expansions;
    const states: Environment[] = [];
    const opened: SearchNode[] = [];
    actions.forEach((action, i) => {
      simulator.restore(parent.snapshot!);
      if (simulator.isIrreversible?.(action)) {
        const child = node(action, parent.depth + 1, 0, parent.gain, null, false, true);
        // A first step is the executor's choice: valued by its own prior or not at all (−∞, it ranks last). Below, the
        // parent's estimate stands in, as if the parent were left open: expanding a state never makes it worth less than
        // its estimate says, nor, with no value input to estimate it, does an unsimulated move add worth.
        child.estimate = parent === root ? (priors[i] ?? null) : parent.estimate;
        parent.children.push(child);
        return;
      }
      // An exact budget: the last expansion simulates only the children it can pay for.
      if (budgetLeft() <= 0) return;
      // A fresh random stream per simulated step: the search must not see the live environment's future draws.
      simulator.reseed(request.rng.seed());
      const result = simulator.step(action);
      simulated++;
      const ended = result.terminated || result.truncated;
      const gain = parent.gain + params.discount ** parent.depth * result.reward;
      const child = node(action, parent.depth + 1, result.reward, gain, ended ? null : simulator.snapshot(), ended, false);
      parent.children.push(child);
      if (!ended) {
        opened.push(child);
        // Estimated together after the loop (one batched call), each on a copy in the child's state.
        if (request.value) states.push(copyOf(simulator, child.snapshot!));
      }
    });
    const values = await estimates(request.value, states);
    opened.forEach((child, i) => {
      child.estimate = values[i] ?? null;
      if (child.depth < params.maxDepth) frontier.push(child, priority(child, params));
    });
  };

  await expand(root, request.actions, request.priors);
  let stoppedBy: TracedSearchTree["stoppedBy"] = "exhausted";
  while (frontier.size > 0) {
    if (signal.aborted) throw new Error("the tree search was stopped: the run was aborted");
    if (budgetLeft() <= 0) {
      stoppedBy = "budget";
      break;
    }
    if (params.maxMs > 0 && performance.now() - started >= params.maxMs) {
      stoppedBy = "time";
      break;
    }
    const next = frontier.pop()!;
    simulator.restore(next.snapshot!);
    await expand(next, await childActions(request.policy, simulator, environment, params.branching), []);
  }

  backUp(root, params.discount);
  return {
    values: root.children.map((child) => through(child, params.discount)),
    irreversible: root.children.map((child) => child.irreversible),
    nodes: root.children.map(subtreeSize),
    tree: { $searchTree: params.algorithm, nodes: simulated, stoppedBy, root: traced(root, environment) },
  };
}

function node(action: Action | null, depth: number, reward: number, gain: number, snapshot: EnvSnapshot | null, ended: boolean, irreversible: boolean): SearchNode {
  return { action, depth, reward, gain, snapshot, ended, irreversible, estimate: null, expandedAs: null, value: 0, children: [] };
}

/**
 * best-first: the state's own estimate (the return so far when there is no value input); a-star: the
 * return so far, less step costs, plus the discounted estimate.
 */
function priority(state: SearchNode, params: TreeSearchParams): number {
  if (params.algorithm === "best-first") return state.estimate ?? state.gain;
  return state.gain - params.stepCost * state.depth + params.discount ** state.depth * (state.estimate ?? 0);
}

function copyOf(simulator: Environment, snapshot: EnvSnapshot): Environment {
  const copy = simulator.clone();
  copy.restore(snapshot);
  return copy;
}

async function estimates(value: ValueFunction | undefined, states: readonly Environment[]): Promise<(number | null)[]> {
  if (states.length === 0) return [];
  if (!value) return states.map(() => null);
  const values = await value.values(states);
  if (values.length !== states.length) throw new Error(`value function "${value.name}" returned ${values.length} values for ${states.length} states`);
  return [...values];
}

/** The actions to try from a state: the policy's `branching` most likely ones, or every action of the live environment's discrete space. */
async function childActions(policy: PolicyFunction | undefined, state: Environment, live: Environment, branching: number): Promise<Action[]> {
  if (!policy) {
    const space = live.actionSpace;
    if (space.kind !== "discrete") {
      throw new Error(`without a policy input the search tries every action, and "${live.name}" has a ${space.kind} action space; connect a policy`);
    }
    return Array.from({ length: space.n }, (_, i) => i);
  }
  const [distribution] = await policy.distributions([state]);
  if (!distribution) throw new Error(`policy "${policy.name}" returned no distribution`);
  return mostLikely(distribution, branching, policy.name);
}

function mostLikely(distribution: ActionDistribution, count: number, policyName: string): Action[] {
  if (distribution.kind === "gaussian" || distribution.kind === "uniform") {
    const what = distribution.kind === "gaussian" ? "a Gaussian over continuous actions" : "a uniform draw over structured actions";
    throw new Error(`policy "${policyName}" gives ${what}; tree search expands discrete choices (sample and score candidates instead)`);
  }
  const weights = distribution.kind === "categorical" ? distribution.probs : distribution.logp;
  return distribution.actions
    .map((action, i) => ({ action, weight: weights[i]!, i }))
    .sort((a, b) => b.weight - a.weight || a.i - b.i)
    .slice(0, count)
    .map((entry) => entry.action);
}

/**
 * Sets every state's value, leaves first: its children's best, or its estimate where it was not
 * expanded or none of its children has a value (each irreversible without a prior).
 */
function backUp(state: SearchNode, discount: number): void {
  for (const child of state.children) backUp(child, discount);
  if (state.irreversible) state.value = state.estimate ?? -Infinity;
  else if (state.ended) state.value = 0;
  else {
    const best = Math.max(...state.children.map((child) => through(child, discount)));
    state.value = best > -Infinity ? best : (state.estimate ?? 0);
  }
}

/** What taking a child's action is worth from its parent: its reward and discounted value (an irreversible one's prior, or −∞). */
function through(child: SearchNode, discount: number): number {
  return child.irreversible ? child.value : child.reward + discount * child.value;
}

function subtreeSize(state: SearchNode): number {
  if (state.irreversible) return 0;
  return 1 + state.children.reduce((sum, child) => sum + subtreeSize(child), 0);
}

function traced(state: SearchNode, environment: Environment): SearchTreeNode {
  const out: SearchTreeNode = {
    ...(state.action === null ? {} : { action: environment.describeAction(state.action) }),
    reward: state.reward,
    value: Number.isFinite(state.value) ? state.value : null,
    estimate: state.estimate,
    ...(state.expandedAs === null ? {} : { expanded: state.expandedAs }),
    state: state.irreversible ? "irreversible" : state.ended ? "ended" : state.expandedAs !== null ? "expanded" : "open",
  };
  if (state.children.length > 0) out.children = state.children.map((child) => traced(child, environment));
  return out;
}
