import type { InputBinding } from "./step-plan.js";

type Outputs = Record<string, unknown>;

/**
 * Fills a node's inputs from its sources' latest outputs (by plan index); answers the index of the
 * first binding whose source returned no value for its port, else -1.
 */
export type InputGatherer = (inputs: Outputs, outputs: readonly (Outputs | undefined)[]) => number;

/**
 * Gatherers made, by their code: a lockstep run's lanes (and the next run of a pipeline) share one
 * per node, compiled and optimised once, where each made its own (~17 µs each, and warm-up apiece).
 */
const made = new Map<string, InputGatherer>();
/** Gatherers kept at most (a long-lived host runs many pipelines). */
const MAX_KEPT = 4096;

/**
 * A gatherer for one node's bindings, made as code with each port's name written out. One loop for
 * every node reads and writes properties by names that differ from node to node, which V8 handles
 * at ~25 ns an access (megamorphic); a function of the node's own has a site per name. In the
 * V-GPS pipeline that was about a third of the engine's cost over a hand-written loop.
 * Names go in as JSON string literals (valid JavaScript string literals), so a name is never code.
 */
export function inputGatherer(bindings: readonly InputBinding[]): InputGatherer {
  const copies = bindings.map(
    (binding, k) => `value = outputs[${binding.source}][${JSON.stringify(binding.port)}];\nif (value === undefined) return ${k};\ninputs[${JSON.stringify(binding.name)}] = value;`,
  );
  const body = `let value;\n${copies.join("\n")}\nreturn -1;`;
  let gatherer = made.get(body);
  if (!gatherer) {
    if (made.size >= MAX_KEPT) made.clear();
    gatherer = new Function("inputs", "outputs", body) as InputGatherer;
    made.set(body, gatherer);
  }
  return gatherer;
}

