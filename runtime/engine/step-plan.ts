import type { AnyNodeKind, NodeInstance } from "../node-kind.js";
import type { ValidatedPipeline } from "../pipeline/validate.js";

/** Where one input of a node comes from: an output port of an earlier node in the plan. */
export interface InputBinding {
  name: string;
  source: number;
  port: string;
}

/** A node as the engine runs it: its instance and pre-resolved input bindings (no lookups per step). */
export interface PlannedNode {
  id: string;
  kind: AnyNodeKind;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  instance: NodeInstance<any, any>;
  inputs: InputBinding[];
  /** Plan indices of the nodes this one waits for. */
  dependencies: number[];
  /** Its output ports' names (said when what it returned is not an object of them). */
  outputPorts: string[];
  /** Its output ports of type `candidates`, whose values are checked as it returns them (a user's kind returning an array blamed the next node). */
  candidateOutputs: string[];
}

/** The step graph in evaluation order, plus the nodes that have engine roles. */
export interface StepPlan {
  nodes: PlannedNode[];
  environment: number;
  executor: number;
  /** The executor's candidate-table output, whose final table each step record shows. */
  executorCandidatesPort: string | undefined;
}

export function buildStepPlan(
  validated: ValidatedPipeline,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  instances: ReadonlyMap<string, NodeInstance<any, any>>,
): StepPlan {
  const index = new Map(validated.nodes.map((node, i) => [node.spec.id, i]));
  const nodes = validated.nodes.map((node): PlannedNode => {
    const inputs = validated.edges
      .filter((edge) => edge.to.node === node.spec.id)
      .map((edge) => ({ name: edge.to.port, source: index.get(edge.from.node)!, port: edge.from.port }));
    return {
      id: node.spec.id,
      kind: node.kind,
      instance: instances.get(node.spec.id)!,
      inputs,
      dependencies: [...new Set(inputs.map((input) => input.source))],
      outputPorts: Object.keys(node.ports.outputs),
      candidateOutputs: Object.entries(node.ports.outputs).filter(([, port]) => port.type === "candidates").map(([name]) => name),
    };
  });
  const executor = nodes.findIndex((node) => node.kind.role === "executor");
  return {
    nodes,
    environment: nodes.findIndex((node) => node.kind.role === "environment"),
    executor,
    executorCandidatesPort: Object.entries(validated.nodes[executor]?.ports.outputs ?? {}).find(([, port]) => port.type === "candidates")?.[0],
  };
}
