import type { BlockingWaits } from "./engine/control.js";
import type { z } from "zod";
import type { ColumnDescription, SceneKinds } from "../protocol/kinds.js";
import type { Environment, JsonValue } from "./environment.js";
import type { ModelInfo, ModelLoader } from "./inference/types.js";
import type { MaybePromise } from "./maybe-promise.js";
import type { PortAbilities, PortType, PortValues } from "./ports.js";
import type { Rng } from "./rng.js";


/** An input port: its type, and whether a pipeline must connect it (possibly depending on params). */
export interface InputPort<T extends PortType = PortType, P = never> {
  type: T;
  description: string;
  /** Default false. A function decides from the node's params (e.g. a rollout that continues with a policy needs one). */
  required?: boolean | ((params: P) => boolean);
  /** What the value fed in must be able to do, and why (validation refuses an output that `cannot`); a function decides from the params. */
  needs?: PortAbilities | ((params: P) => PortAbilities);
}

/** An output port. */
export interface OutputPort<T extends PortType = PortType> {
  type: T;
  description: string;
  /** What its value cannot do though its type allows it, and why: an input that `needs` it is refused at validation, not on every step. */
  cannot?: PortAbilities;
}

export type InputPorts<P> = Record<string, InputPort<PortType, P>>;
export type OutputPorts = Record<string, OutputPort>;

/** A node's ports as its params resolve them. */
export interface NodePorts<P = never> {
  inputs: InputPorts<P>;
  outputs: OutputPorts;
}

/** The values a node's `run` receives; unconnected optional inputs are undefined. */
export type InputValues<I extends InputPorts<never>> = {
  [K in keyof I]: I[K]["required"] extends true ? PortValues[I[K]["type"]] : PortValues[I[K]["type"]] | undefined;
};

/** The values a node's `run` returns: every declared output. */
export type OutputValues<O extends OutputPorts> = { [K in keyof O]: PortValues[O[K]["type"]] };

/** The host's abilities a node may use while being created (files, the run folder, logging). */
export interface SetupContext {
  nodeId: string;
  /** Folder of the pipeline file; relative paths in params resolve against it. */
  pipelineDir: string;
  /** This run's folder; dataset files go here. */
  runDir: string;
  runSeed: number;
  /** ONNX models, by path relative to the pipeline folder; sessions are shared and warmed up once per run. */
  models: ModelLoader;
  /** A note for the user (shown by hosts, recorded in the trace). */
  log(message: string): void;
  /**
   * True at trace `full`, the one level whose node events carry every output: an output that only a
   * reader of the trace needs (a rollout's sample-by-sample record) is worth making only then.
   */
  tracesOutputs?: boolean;
  /** Set in a lockstep run of more than one lane (runtime/engine/lockstep.ts): the node's instance is one lane's. */
  lanes?: LaneGroup;
  /**
   * How many threads play this run's episodes at once (`--workers`; 1 by default): a node kind that
   * would start a helper thread of its own can tell whether a core is left for it.
   */
  threads?: number;
  /**
   * Counters this node shares with every other copy of it in the run (runtime/engine/run-counters.ts),
   * for limits that hold per run, not per copy: a request budget. Absent where a host makes nodes
   * outside a run.
   */
  runCounters?: RunCounters;
  /** For a node that blocks its thread in a synchronous wait: how a stop reaches it meanwhile, and how to let the host see the run so far. */
  blockingWaits?: BlockingWaits;
}

/**
 * A node's counters on shared memory (read and change them with Atomics): every copy of the node in
 * one run sees the same slots — lockstep lanes, the chunks a thread plays, worker threads
 * (`--workers`) — zero when the run starts. A queue's batches share no memory: each batch counts
 * alone, and `partOf` gives it its part of a run-wide limit.
 */
export interface RunCounters {
  /** RUN_COUNTER_SLOTS slots, this node's alone. */
  readonly slots: BigInt64Array;
  /**
   * Of a run-wide limit, the part these slots may count to: all of it, except in a process playing a
   * part of the run's episodes apart (a queue batch), which gets its episodes' share (the parts add up to the limit).
   */
  partOf(limit: number): number;
  /** What the slots count over, for messages: "this run", or "this batch (episodes 10–19 of 30)". */
  readonly scope: string;
}

/**
 * Thrown by a node when the run cannot go on, whatever `onNodeError` says (a spent budget would fail
 * every episode after this one alike): the engine ends the run with it as the node's error.
 */
export class RunCannotContinue extends Error {}

/**
 * Thrown by a node whose step failed but left something worth inspecting (an LLM node's request and
 * the raw reply it could not use): with trace `full`, the engine traces `outputs` with the node's
 * error, as a node.end's outputs are, and the step inspector shows them.
 */
export class FailedWithOutputs extends Error {
  constructor(
    message: string,
    readonly outputs: Record<string, unknown>,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The lanes of a lockstep run, for node kinds whose instances share one resource among them (an environment process). */
export interface LaneGroup {
  /** This instance's lane, 0 … count−1; lane 0 is created first. */
  index: number;
  count: number;
  /** Its group (lockstep.ts): lanes of one group step together, groups out of phase, so what they share batches per group. */
  group: number;
  /** One value per key for every lane of this node (the first lane to ask makes it); keys are scoped by node id. */
  shared<T>(key: string, make: () => T): T;
}

/** What a node's static `check` may consult: validation runs before any run, without sessions. */
export interface CheckContext {
  pipelineDir: string;
  /** The pipeline's environment, configured but not reset (encodings, action space); absent if it is invalid. */
  environment: Environment | undefined;
  /** Reads a model's inputs and outputs (path relative to the pipeline folder); throws naming the file. */
  modelInfo(path: string): ModelInfo;
}

/**
 * A param that names candidate-table columns (a score expression, a risk column): validation checks
 * the names against the columns the kinds upstream declare, so a typo is a problem before any run.
 */
export interface ColumnReference {
  /** Where the param sits inside the node's params, e.g. ["score"] or ["keepTopK", "column"]. */
  path: readonly PropertyKey[];
  /** The columns it reads (an expression's variables). */
  columns: readonly string[];
  /** A column that, when declared upstream, is read instead of `columns` (a score that is exactly a column's name, e.g. "q-value"). */
  whole?: string;
  /** The candidates input the columns are read from; default "candidates". */
  input?: string;
}

/** A node the candidates flow through before (upstream) or after (downstream) the checked one. */
export interface NodeAlongCandidates {
  id: string;
  kind: string;
  params: unknown;
  side: "upstream" | "downstream";
}

/** A problem `check` found, at a path inside the node's params. */
export interface ParamProblem {
  path: readonly PropertyKey[];
  message: string;
}

/** Given to `beginEpisode`. */
export interface EpisodeContext {
  episode: number;
  /** A seed for this node and episode, derived from (run seed, episode, node id). */
  seed: number;
  /** This node's random stream for the episode; the same one `run` receives. */
  rng: Rng;
}

/** Given to every `run`. */
export interface StepContext {
  nodeId: string;
  episode: number;
  step: number;
  rng: Rng;
  /** Aborted when the run is stopped; long-running nodes should check it. */
  signal: AbortSignal;
}

/** How an episode ended, for `endEpisode`. */
export interface EpisodeOutcome {
  episode: number;
  /** completed: terminated or truncated normally; error: a node failed; stopped: the run was stopped mid-episode. */
  status: "completed" | "error" | "stopped";
  steps: number;
  return: number;
  success: boolean;
}

/** One node of a running pipeline. */
export interface NodeInstance<I extends InputPorts<never>, O extends OutputPorts> {
  /**
   * For the environment role: the live environment its outputs hand on. The engine reads its scene
   * at each episode start and replays a fork's recorded actions on it.
   */
  readonly environment?: Environment;
  beginEpisode?(ctx: EpisodeContext): MaybePromise<void>;
  /** One step. The `inputs` object is refilled by the engine every step: keep its values, not the object. */
  run(inputs: InputValues<I>, ctx: StepContext): MaybePromise<OutputValues<O>>;
  endEpisode?(outcome: EpisodeOutcome): MaybePromise<void>;
  /** The run is over (completed, failed or stopped): flush and close files. */
  close?(): MaybePromise<void>;
}

/**
 * A role the engine gives special meaning to. The engine knows roles, never kinds:
 * the environment starts each episode; the executor's `transition` output ends a step.
 */
export type NodeRole = "environment" | "executor";

/** Everything about a node kind, declared once: params, ports, and how to run it. */
export interface NodeKind<P extends z.ZodType = z.ZodType, I extends InputPorts<z.output<P>> = InputPorts<z.output<P>>, O extends OutputPorts = OutputPorts> {
  /** Stable identifier used in pipeline files, e.g. "q-scorer". */
  kind: string;
  /** Human title, e.g. "Q-scorer" (the palette shows "Add Q-scorer"). */
  title: string;
  description: string;
  role?: NodeRole;
  /** What the editor calls a new node of this kind (then "-2", "-3", …) when the kind's name is long, e.g. "q". */
  shortId?: string;
  /**
   * The candidate-table columns a node of this kind may add (every variant's), in the order it adds
   * them: the editor's step inspector, score chart and environment views read them from the kind
   * catalog. A column nobody declares (a Script's) is still shown, by its name. A kind with a
   * candidates output and no `columns` may add any column: params downstream of it are not checked.
   */
  columns?: readonly ColumnDescription[];
  /** The params that name candidate columns, checked at validation against the columns upstream kinds declare. */
  columnReferences?(params: z.output<P>): ColumnReference[];
  /** For the environment role: the scene kind each variant draws (the editor has a view per scene kind). */
  scenes?: SceneKinds;
  /** At most this many nodes of this kind in one pipeline. */
  maxPerPipeline?: number;
  /**
   * One instance serves every lane of a lockstep run (runtime/engine/lockstep.ts) instead of one
   * per lane. Its beginEpisode and run then interleave across the lanes' episodes (it keys its state
   * by episode), and its endEpisode comes in episode order, as the episode is released to the trace.
   * For sinks that write one set of files in a serial run's order (the Dataset collector).
   */
  sharedAcrossLanes?: boolean;
  params: P;
  /** The ports a new node has; a kind with `ports` shows these in the palette and replaces them per node. */
  inputs: I;
  outputs: O;
  /**
   * Ports that depend on the node's params (a Script declares its own). Validation, the step plan
   * and the editor use what this returns; without it every node has the static `inputs`/`outputs`.
   */
  ports?(params: z.output<P>): NodePorts<z.output<P>>;
  /**
   * Its params hold code a user wrote (a Script): a pipeline containing such a node must be
   * trusted before it runs (`--trust` on the CLI, a prompt in the editor).
   */
  runsUserCode?: boolean;
  /**
   * Whether these params make the node start a program they name (an external environment, also
   * when it is only described for validation). The editor hosts treat such a node like user code:
   * nothing starts it until the user trusted the pipeline.
   */
  startsProcess?(params: z.output<P>): boolean;
  /**
   * The server these params make the node call over the network (an LLM node's base URL), or
   * undefined. The editor hosts treat such a node like user code: no run calls it until the user
   * trusted the pipeline, and the trust dialog shows the URL. The CLI runs it without asking.
   */
  callsServer?(params: z.output<P>): string | undefined;
  /**
   * Checks that need more than the params schema — e.g. that a model's input shape matches the
   * environment's encoding — so they fail at validation, not mid-run.
   */
  check?(params: z.output<P>, ctx: CheckContext): ParamProblem[];
  /**
   * Checks against the other nodes its candidates come from or go to (two look-aheads writing the
   * same columns, a hold that is not the executor's chunk); only nodes whose params parsed are given.
   */
  checkAlongCandidates?(params: z.output<P>, along: readonly NodeAlongCandidates[]): ParamProblem[];
  /**
   * For the environment role: a configured environment for validation (encodings, action space).
   * Relative paths in params (an environment's command) resolve against `pipelineDir`; `declared`:
   * what a run recorded the environment declaring (Environment.declared), to describe it from.
   */
  describeEnvironment?(params: z.output<P>, ctx: { pipelineDir: string; declared?: JsonValue }): Environment;
  /**
   * What the node's run counters (SetupContext.runCounters) come to once the run is over, told once
   * as a node.log line whatever the number of lanes or threads (a queue batch tells its own); undefined tells nothing.
   */
  runNote?(params: z.output<P>, counters: RunCounters): string | undefined;
  create(params: z.output<P>, ctx: SetupContext): MaybePromise<NodeInstance<I, O>>;
}

/** A node kind with its types erased, as registries and the engine hold them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyNodeKind = NodeKind<z.ZodType, InputPorts<any>, OutputPorts>;

/** A node's resolved ports: the kind's `ports(params)`, or its static `inputs`/`outputs`. */
export function portsOf(kind: AnyNodeKind, params: unknown): NodePorts<unknown> {
  return kind.ports ? kind.ports(params) : { inputs: kind.inputs, outputs: kind.outputs };
}

/** Declares a node kind; the identity function that lets TypeScript tie ports and params to `run`. */
export function defineNodeKind<P extends z.ZodType, I extends InputPorts<z.output<P>>, O extends OutputPorts>(
  kind: NodeKind<P, I, O>,
): NodeKind<P, I, O> {
  return kind;
}
