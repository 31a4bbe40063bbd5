import type { StepContext } from "../node-kind.js";
import type { Transition } from "../ports.js";
import type { Rng } from "../rng.js";
import { summarisePorts } from "../trace/summarise.js";
import { RunStopped } from "./control.js";
import type { RunEvent, TraceLevel } from "./events.js";
import { messageOf, NodeError } from "./node-error.js";
import type { StepPlan } from "./step-plan.js";

type Outputs = Record<string, unknown>;

function isThenable(value: unknown): value is PromiseLike<Outputs> {
  return typeof (value as { then?: unknown } | null)?.then === "function";
}

/**
 * Evaluates one step of the decision graph. Nodes run in plan (topological) order;
 * a node whose `run` returns a promise lets the nodes that do not depend on it go on,
 * so independent async nodes run concurrently, while an all-synchronous step runs
 * straight through without allocating a single promise.
 */
export class StepEvaluator {
  /** Each node's outputs from the latest step. */
  readonly outputs: (Outputs | undefined)[];
  /** Total milliseconds and calls per plan node. */
  readonly totalMs: Float64Array;
  readonly calls: Uint32Array;
  private readonly contexts: StepContext[];
  private readonly traceNodes: boolean;
  private runStart = 0;
  private lastStep = false;

  constructor(
    private readonly plan: StepPlan,
    level: TraceLevel,
    private readonly emit: (event: RunEvent) => void,
    signal: AbortSignal,
    private readonly clock: () => number,
  ) {
    const n = plan.nodes.length;
    this.outputs = new Array<Outputs | undefined>(n);
    this.totalMs = new Float64Array(n);
    this.calls = new Uint32Array(n);
    this.traceNodes = level === "full";
    // One mutable context per node, updated each step, so the hot path allocates nothing for it.
    this.contexts = plan.nodes.map((node) => ({ nodeId: node.id, episode: 0, step: 0, rng: undefined as unknown as Rng, signal }));
  }

  /** Runs every node once; returns a promise only when some node was asynchronous. */
  evaluate(episode: number, step: number, rngs: readonly Rng[], lastStep: boolean, runStart: number): void | Promise<void> {
    this.runStart = runStart;
    this.lastStep = lastStep;
    for (let i = 0; i < this.contexts.length; i++) {
      const ctx = this.contexts[i]!;
      ctx.episode = episode;
      ctx.step = step;
      ctx.rng = rngs[i]!;
    }
    const nodes = this.plan.nodes;
    let pending: (Promise<void> | undefined)[] | undefined;
    for (let i = 0; i < nodes.length; i++) {
      let waits: Promise<void>[] | undefined;
      if (pending) {
        for (const d of nodes[i]!.dependencies) {
          const p = pending[d];
          if (p) (waits ??= []).push(p);
        }
      }
      const result = waits ? Promise.all(waits).then(() => this.runNode(i)) : this.runNode(i);
      if (result) (pending ??= new Array<Promise<void> | undefined>(nodes.length))[i] = result;
    }
    if (pending) return Promise.all(pending).then(() => undefined);
  }

  private runNode(i: number): void | Promise<void> {
    const node = this.plan.nodes[i]!;
    const ctx = this.contexts[i]!;
    if (ctx.signal.aborted) throw new RunStopped();
    const inputs: Outputs = {};
    for (const binding of node.inputs) inputs[binding.name] = this.outputs[binding.source]![binding.port];
    if (this.traceNodes) {
      this.emit({ type: "node.start", t: this.clock() - this.runStart, episode: ctx.episode, step: ctx.step, node: node.id, kind: node.kind.kind });
    }
    const start = this.clock();
    let result: unknown;
    try {
      result = node.instance.run(inputs, ctx);
    } catch (error) {
      throw this.failure(i, error);
    }
    if (isThenable(result)) {
      return Promise.resolve(result).then(
        (outputs) => this.finish(i, inputs, outputs, start),
        (error: unknown) => {
          throw this.failure(i, error);
        },
      );
    }
    this.finish(i, inputs, result as Outputs, start);
  }

  private finish(i: number, inputs: Outputs, outputs: Outputs, start: number): void {
    const end = this.clock();
    const node = this.plan.nodes[i]!;
    for (const port in node.kind.outputs) {
      if (outputs?.[port] === undefined) throw this.failure(i, new Error(`the node returned no value for its output "${port}"`));
    }
    if (i === this.plan.executor && this.lastStep) outputs = this.truncateAtTimeLimit(outputs);
    this.outputs[i] = outputs;
    this.totalMs[i]! += end - start;
    this.calls[i]!++;
    if (this.traceNodes) {
      const ctx = this.contexts[i]!;
      this.emit({
        type: "node.end",
        t: end - this.runStart,
        episode: ctx.episode,
        step: ctx.step,
        node: node.id,
        kind: node.kind.kind,
        ms: end - start,
        inputs: summarisePorts(inputs),
        outputs: summarisePorts(outputs),
      });
    }
  }

  /** The step limit belongs to the engine; mark it on the transition so datasets record the truncation. */
  private truncateAtTimeLimit(outputs: Outputs): Outputs {
    const transition = outputs["transition"] as Transition;
    if (transition.terminated || transition.truncated) return outputs;
    return { ...outputs, transition: { ...transition, truncated: true } };
  }

  private failure(i: number, error: unknown): Error {
    if (error instanceof RunStopped || error instanceof NodeError) return error;
    const node = this.plan.nodes[i]!;
    const ctx = this.contexts[i]!;
    return new NodeError({ node: node.id, kind: node.kind.kind, episode: ctx.episode, step: ctx.step, message: messageOf(error) });
  }
}
