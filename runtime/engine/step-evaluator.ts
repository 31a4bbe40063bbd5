import type { JsonValue } from "../environment.js";
import { FailedWithOutputs, RunCannotContinue, type StepContext } from "../node-kind.js";
import type { Transition } from "../ports.js";
import type { Rng } from "../rng.js";
import { summariseOutputs } from "../trace/summarise.js";
import { RunStopped } from "./control.js";
import type { RunEvent, TraceLevel } from "./events.js";
import { thrown, NodeError } from "./node-error.js";
import type { StepPlan } from "./step-plan.js";
import { CandidateTable } from "../candidate-table.js";
import { inputGatherer, type InputGatherer } from "./input-gatherer.js";
import type { BatchCharge } from "../inference/call-batcher.js";

type Outputs = Record<string, unknown>;

/**
 * Below trace `full` (whose node events carry every node's times), nodes are timed in one step out
 * of this many: a summary's time per node call is their mean. Reading the clock around every node
 * of every step cost ~10 % of a lockstep lane's step (a clock read is ~0.1–0.2 µs here, a node's
 * work often less than a microsecond).
 */
const TIME_ONE_STEP_IN = 8;

/**
 * Evaluates one step of the decision graph. Nodes run in plan (topological) order;
 * a node whose `run` returns a promise lets the nodes that do not depend on it go on,
 * so independent async nodes run concurrently, while an all-synchronous step runs
 * straight through without allocating a single promise.
 */
export class StepEvaluator {
  /** Each node's outputs from the latest step. */
  readonly outputs: (Outputs | undefined)[];
  /** Calls per plan node, and the milliseconds of those that were timed (`timedCalls`; see `timed`). */
  readonly calls: Uint32Array;
  readonly timedMs: Float64Array;
  readonly timedCalls: Uint32Array;
  private readonly contexts: StepContext[];
  /** One input object per node, refilled each step (a stable shape, no allocation on the hot path)… */
  private readonly inputs: Outputs[];
  /** …by a function of the node's own. */
  private readonly gatherers: InputGatherer[];
  /** Where each node's inputs come from, as traced: `{ "$from": "sampler.candidates" }` (the value is that node's output). */
  private readonly inputRefs: Record<string, JsonValue>[];
  /** The same sources as plain "node.port" strings. */
  private readonly inputSources: Record<string, string>[];
  private readonly traceNodes: boolean;
  /**
   * Per node, made once: when an asynchronous run began, and the handlers its promise and its waiters
   * call (each node runs once per step, so one slot each; no closures per step and lockstep lane).
   */
  private readonly starts: Float64Array;
  /** When an asynchronous run returned its promise: a lockstep lane's node is timed up to there, plus its charged shares. */
  private readonly returned: Float64Array;
  private readonly finished: ((outputs: Outputs) => number)[];
  private readonly failed: ((error: unknown) => never)[];
  private readonly runLater: (() => number | Promise<number>)[];
  /** Each node's promise while it is pending in this step, and whether a later node waits on it; cleared as the step's evaluation ends. */
  private readonly pending: (Promise<unknown> | undefined)[];
  private readonly awaited: boolean[];
  private stopped = false;
  /** Rejects the promise of the step being evaluated, when the run is stopped while a node's promise is pending. */
  private abandonStep: ((stopped: RunStopped) => void) | undefined;
  /** Steps evaluated, and whether this one's nodes are timed. */
  private steps = 0;
  private timed = true;
  private runStart = 0;
  private lastStep = false;

  constructor(
    private readonly plan: StepPlan,
    level: TraceLevel,
    private readonly emit: (event: RunEvent) => void,
    signal: AbortSignal,
    private readonly clock: () => number,
    /**
     * Per plan node, in a lockstep lane: what the call batcher charges the node for the batched
     * calls it waits on (runtime/inference/call-batcher.ts). Such a wait holds the other lanes'
     * work too, so the node's time is its own part and its shares, not the wait.
     */
    private readonly charges?: readonly (BatchCharge | undefined)[],
  ) {
    const n = plan.nodes.length;
    this.outputs = new Array<Outputs | undefined>(n);
    this.calls = new Uint32Array(n);
    this.timedMs = new Float64Array(n);
    this.timedCalls = new Uint32Array(n);
    this.traceNodes = level === "full";
    this.starts = new Float64Array(n);
    this.returned = new Float64Array(n);
    this.finished = plan.nodes.map((_, i) => (outputs: Outputs) => this.finish(i, outputs, this.starts[i]!));
    this.failed = plan.nodes.map((_, i) => (error: unknown) => {
      throw this.failure(i, error);
    });
    this.runLater = plan.nodes.map((_, i) => () => this.runNode(i, this.now()));
    this.pending = new Array<Promise<unknown> | undefined>(n).fill(undefined);
    this.awaited = new Array<boolean>(n).fill(false);
    // A plain flag is cheaper to read per node than AbortSignal's getter.
    signal.addEventListener(
      "abort",
      () => {
        this.stopped = true;
        this.abandonStep?.(new RunStopped());
      },
      { once: true },
    );
    this.stopped = signal.aborted;
    // One mutable context per node, updated each step, so the hot path allocates nothing for it.
    this.contexts = plan.nodes.map((node) => ({ nodeId: node.id, episode: 0, step: 0, rng: undefined as unknown as Rng, signal }));
    this.inputs = plan.nodes.map((node) => Object.fromEntries(node.inputs.map((binding) => [binding.name, undefined])));
    this.gatherers = plan.nodes.map((node) => inputGatherer(node.inputs));
    this.inputSources = plan.nodes.map((node) => Object.fromEntries(node.inputs.map((b) => [b.name, `${plan.nodes[b.source]!.id}.${b.port}`])));
    // Frozen: the same objects in every node.end, which the trace's writer then sends once a run.
    this.inputRefs = this.inputSources.map((sources) => Object.freeze(Object.fromEntries(Object.entries(sources).map(([name, from]) => [name, Object.freeze({ $from: from })]))));
  }

  /** Runs every node once; returns a promise only when some node was asynchronous. */
  evaluate(episode: number, step: number, rngs: readonly Rng[], lastStep: boolean, runStart: number): void | Promise<unknown> {
    this.runStart = runStart;
    this.lastStep = lastStep;
    for (let i = 0; i < this.contexts.length; i++) {
      const ctx = this.contexts[i]!;
      ctx.episode = episode;
      ctx.step = step;
      ctx.rng = rngs[i]!;
    }
    const nodes = this.plan.nodes;
    const { pending, awaited } = this;
    let anyPending = false;
    this.timed = this.traceNodes || this.steps++ % TIME_ONE_STEP_IN === 0;
    // Synchronous nodes run back to back, so one clock reading ends one node and starts the next.
    let now = this.now();
    try {
      for (let i = 0; i < nodes.length; i++) {
        // Lockstep lanes take this path every step: one pending node waited on as it is, Promise.all only for several.
        let wait: Promise<unknown> | undefined;
        if (anyPending) {
          let waits: Promise<unknown>[] | undefined;
          for (const d of nodes[i]!.dependencies) {
            const p = pending[d];
            if (!p) continue;
            awaited[d] = true;
            if (wait === undefined) wait = p;
            else (waits ??= [wait]).push(p);
          }
          if (waits) wait = Promise.all(waits);
        }
        const result = wait ? wait.then(this.runLater[i]) : this.runNode(i, now);
        if (typeof result === "number") now = result;
        else {
          pending[i] = result;
          anyPending = true;
          now = this.now();
        }
      }
      if (anyPending) return this.abandonable(this.stepEnd());
    } finally {
      if (anyPending) {
        pending.fill(undefined);
        awaited.fill(false);
      }
    }
  }

  /**
   * The step's end, or RunStopped as soon as the run is stopped: a node's promise that never settles
   * (a user's kind waiting on nothing) must not hold a Stop or Ctrl+C; the node is left to its promise.
   */
  private abandonable(stepEnd: Promise<unknown>): Promise<unknown> {
    if (this.stopped) return stepEnd;
    return new Promise((resolve, reject) => {
      this.abandonStep = reject;
      stepEnd.then(resolve, reject);
    });
  }

  /** The step's end: the pending nodes no later node waited on (lockstep lanes: usually just the executor). */
  private stepEnd(): Promise<unknown> {
    const { pending, awaited } = this;
    let last: Promise<unknown> | undefined;
    let all: Promise<unknown>[] | undefined;
    for (let i = 0; i < pending.length; i++) {
      const p = pending[i];
      if (!p || awaited[i]) continue;
      if (last === undefined) last = p;
      else (all ??= [last]).push(p);
    }
    return all ? Promise.all(all) : last!;
  }

  /** The clock in a timed step; 0 in the others, whose nodes are not timed. */
  private now(): number {
    return this.timed ? this.clock() : 0;
  }

  /** Estimated milliseconds node i took over all its calls: the timed calls' mean times the calls. */
  estimatedMs(i: number): number {
    const timed = this.timedCalls[i]!;
    return timed === 0 ? 0 : (this.timedMs[i]! / timed) * this.calls[i]!;
  }

  /** Runs node i; returns the clock at its end when it finished synchronously. */
  private runNode(i: number, start: number): number | Promise<number> {
    if (this.stopped) throw new RunStopped();
    const node = this.plan.nodes[i]!;
    const ctx = this.contexts[i]!;
    const inputs = this.inputs[i]!;
    // A missing value is found where it is read: cheaper than checking every output, and it names the node at fault.
    const missing = this.gatherers[i]!(inputs, this.outputs);
    if (missing >= 0) {
      const binding = node.inputs[missing]!;
      throw this.failure(binding.source, new Error(missingOutput(binding.port, this.outputs[binding.source])));
    }
    if (this.traceNodes) {
      this.emit({ type: "node.start", t: start - this.runStart, episode: ctx.episode, step: ctx.step, node: node.id, kind: node.kind.kind });
    }
    const charge = this.charges?.[i];
    if (charge) charge.ms = charge.calls = 0;
    let result: unknown;
    try {
      result = node.instance.run(inputs, ctx);
    } catch (error) {
      throw this.failure(i, error);
    }
    if (result instanceof Promise) {
      this.starts[i] = start;
      if (charge) this.returned[i] = this.now();
      return result.then(this.finished[i], this.failed[i]);
    }
    return this.finish(i, result as Outputs, start);
  }

  private finish(i: number, outputs: Outputs, start: number): number {
    const end = this.now();
    const node = this.plan.nodes[i]!;
    outputs = this.checkedOutputs(i, outputs);
    if (i === this.plan.executor) outputs = this.checkTransition(outputs, i);
    this.outputs[i] = outputs;
    this.calls[i]!++;
    const charge = this.charges?.[i];
    // A lockstep lane's node that waited on batched calls: what it did before it waited, and its shares of the batches.
    const ms = charge && charge.calls > 0 ? this.returned[i]! - start + charge.ms : end - start;
    if (this.timed) {
      this.timedMs[i]! += ms;
      this.timedCalls[i]!++;
    }
    if (this.traceNodes) {
      const ctx = this.contexts[i]!;
      this.emit({
        type: "node.end",
        t: end - this.runStart,
        episode: ctx.episode,
        step: ctx.step,
        node: node.id,
        kind: node.kind.kind,
        ms,
        inputs: this.inputRefs[i]!,
        outputs: summariseOutputs(outputs, this.inputs[i]!, this.inputSources[i]!),
      });
    }
    return end;
  }

  /** What a node returned is an object of its outputs, and each candidates output a table: else the node is named, not the next one that reads it. */
  private checkedOutputs(i: number, outputs: unknown): Outputs {
    // A node without outputs (a logger of a user's) may return nothing.
    if (outputs === undefined && this.plan.nodes[i]!.outputPorts.length === 0) return {};
    if (outputs === null || typeof outputs !== "object") {
      const example = this.plan.nodes[i]!.outputPorts.map((port) => `${port}: …`).join(", ");
      throw this.failure(i, new Error(`run returned ${described(outputs)}: it must return an object of its outputs ({ ${example} })`));
    }
    for (const port of this.plan.nodes[i]!.candidateOutputs) {
      const value = (outputs as Outputs)[port];
      if (value !== undefined && !isCandidateTable(value)) {
        throw this.failure(i, new Error(`output "${port}" is ${described(value)}, not a candidate table: return the input table with columns added (candidates.withColumn(name, values)) or CandidateTable.of(actions, columns)`));
      }
    }
    return outputs as Outputs;
  }

  /**
   * The engine reads the executor's transition to end steps and episodes. The step limit
   * belongs to the engine too: mark it on the transition so datasets record the truncation.
   */
  private checkTransition(outputs: Outputs, i: number): Outputs {
    const transition = outputs?.["transition"] as Transition | undefined;
    if (!transition) throw this.failure(i, new Error('the executor returned no "transition"'));
    if (!this.lastStep || transition.terminated || transition.truncated) return outputs;
    return { ...outputs, transition: { ...transition, truncated: true } };
  }

  private failure(i: number, error: unknown): Error {
    if (error instanceof RunStopped || error instanceof NodeError) return error;
    // A node that failed once the run was stopped failed of the stop (its request aborted, its process ended): the episode is the stopped one, not a failure.
    if (this.stopped) return new RunStopped();
    const node = this.plan.nodes[i]!;
    const ctx = this.contexts[i]!;
    const kept = this.traceNodes && error instanceof FailedWithOutputs ? { outputs: summariseOutputs(error.outputs, {}, {}) } : {};
    return new NodeError({ node: node.id, kind: node.kind.kind, episode: ctx.episode, step: ctx.step, ...thrown(error), ...kept }, error instanceof RunCannotContinue);
  }
}

/** "the node returned no value for its output "candidates"", and what it returned instead, when that says why (a misspelt key). */
function missingOutput(port: string, returned: Outputs | undefined): string {
  const keys = Object.keys(returned ?? {});
  const instead = keys.length === 0 ? "it returned an empty object" : `it returned ${keys.map((key) => JSON.stringify(key)).join(", ")}`;
  return `the node returned no value for its output "${port}" (${instead})`;
}

/** A candidate table, judged by its methods: a kind's module may hold another copy of the class (its own install of foresight). */
function isCandidateTable(value: unknown): boolean {
  return value instanceof CandidateTable || (typeof value === "object" && value !== null && typeof (value as CandidateTable).withColumn === "function" && Array.isArray((value as CandidateTable).actions));
}

function described(value: unknown): string {
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (value === null || value === undefined) return String(value);
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}
