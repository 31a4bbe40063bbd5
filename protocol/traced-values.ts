/**
 * How a port value is written into the trace (node.end `inputs` and `outputs`): plain JSON, or one of
 * a few marked objects, each told apart by its `$` key. runtime/trace/summarise.ts writes these and
 * the editor reads them, so both sides are checked against this one declaration. docs/trace-events.md
 * describes them for readers of trace.jsonl.
 */
import type { CandidateRow } from "./values.js";

/** A cell of a candidate-table column. */
export type TracedCell = number | string | boolean | null;

/** An input: the output it came from, `{ "$from": "sampler.candidates" }` (the value is in that node's outputs). */
export type TracedSource = {
  $from: string;
};

/** A candidate table that extends one of the node's inputs: only the columns the node added or replaced. */
export type TracedTableChange = {
  /** Where the extended table came from ("sampler.candidates"). */
  $candidatesFrom: string;
  columns: Record<string, TracedCell[]>;
};

/** A long numeric array or a tensor: its length, range, mean and first values. */
export type TracedNumbers = {
  $summary: "numbers";
  length: number;
  min: number;
  max: number;
  mean: number;
  head: number[];
};

/** A candidate table with more rows than the trace keeps: its size and first rows. */
export type TracedCandidates = {
  $summary: "candidates";
  length: number;
  head: CandidateRow[];
};

/** A long array of other values: its length and first items. */
export type TracedArray = {
  $summary: "array";
  length: number;
  head: TracedValue[];
};

/** A string longer than the trace keeps (4096 characters): its length and first characters. Table cells are cut instead, ending "… (N characters)". */
export type TracedText = {
  $summary: "text";
  length: number;
  head: string;
};

/** Values that are code, not data, by name: the live environment, a policy, a value function. */
export type TracedEnvironment = {
  $environment: string;
};
export type TracedPolicy = {
  $policy: string;
};
export type TracedValueFunction = {
  $valueFunction: string;
};

/** One state of a tree search, as the Tree search node traces it. */
export type SearchTreeNode = {
  /** The action that led here, as the environment names it; absent at the root. */
  action?: string;
  /** The reward of that step (0 at the root). */
  reward: number;
  /**
   * The best discounted return found from this state on, backed up from its children; open leaves
   * count their estimate. Null for an irreversible state with no prior: it has no value, and ranks last.
   */
  value: number | null;
  /** The estimate h(s) of this state (V(s) from the value input), null when none was made. */
  estimate: number | null;
  /** When it was expanded (1 = first), absent when it never was. */
  expanded?: number;
  /**
   * expanded: its children were simulated; open: left unexpanded (budget, depth); ended: the episode ended
   * here; irreversible: the action cannot be undone, so it was never simulated (its value is an estimate).
   */
  state: "expanded" | "open" | "ended" | "irreversible";
  children?: SearchTreeNode[];
};

/** The tree a Tree search node searched at one step. */
export type TracedSearchTree = {
  $searchTree: "best-first" | "a-star";
  /** States simulated. */
  nodes: number;
  stoppedBy: "budget" | "time" | "exhausted";
  root: SearchTreeNode;
};

/** What every simulation of one candidate action found, as a World-model rollout traces it (one entry per sample, in order). */
export type RolloutActionSamples = {
  /** The action, as the environment names it. */
  action: string;
  /** Each sample's discounted return, bootstrap term included (the learned model's: an expectation). */
  returns: number[];
  /** Steps each sample lasted: the horizon unless its episode ended sooner (the learned model's: the expected steps). */
  steps: number[];
  /** Simulator only: the step (1 = the candidate's own) at which each sample first hit a hazard or took an irreversible step; null for none. */
  hazardAt?: (number | null)[];
  /** Learned model only: each sample's predicted probability of a hazard within the horizon. */
  hazardChance?: number[];
};

/** A World-model rollout's simulations at one step, sample by sample: its `samples` output at trace `full`. */
export type TracedRolloutSamples = {
  $rolloutSamples: "simulator" | "onnx";
  horizon: number;
  /** Distinct candidate actions simulated; `actions` lists the first of them when the trace keeps fewer. */
  length: number;
  actions: RolloutActionSamples[];
};

/** Every marked form a traced value can take. */
export type TracedMarker =
  | TracedSource
  | TracedTableChange
  | TracedNumbers
  | TracedCandidates
  | TracedArray
  | TracedText
  | TracedEnvironment
  | TracedPolicy
  | TracedValueFunction
  | TracedSearchTree
  | TracedRolloutSamples;

/**
 * A port value as traced: a candidate table's rows, a marked object, or plain JSON (numbers, text,
 * observations, objects of traced values, …). Every form is JSON, so a TracedValue is a JsonValue.
 */
export type TracedValue = null | boolean | number | string | CandidateRow[] | TracedMarker | TracedValue[] | { [key: string]: TracedValue };

const MARKER_KEYS = ["$from", "$candidatesFrom", "$summary", "$environment", "$policy", "$valueFunction", "$searchTree", "$rolloutSamples"] as const;

/** The marked form of a traced value, or undefined for plain JSON and rows; narrow it further with `in` ("$summary" in marker). */
export function tracedMarker(value: TracedValue | undefined): TracedMarker | undefined {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
  return MARKER_KEYS.some((key) => key in value) ? (value as TracedMarker) : undefined;
}

/** A candidate table written whole: one row per candidate, each with its action. */
export function isCandidateRows(value: TracedValue | undefined): value is CandidateRow[] {
  return Array.isArray(value) && value.length > 0 && value.every((row) => row !== null && typeof row === "object" && !Array.isArray(row) && "action" in row);
}
