/** The data type an edge carries (the runtime's closed set: "observation", "candidates", …). */
export type PortType = string;

/** An input port; `required` is "depends-on-params" when the kind decides from the node's params (validation then says). */
export interface InputPortDescription {
  name: string;
  type: PortType;
  description: string;
  required: boolean | "depends-on-params";
}

export interface OutputPortDescription {
  name: string;
  type: PortType;
  description: string;
}

/** Everything the palette and the inspector need to know about a node kind. */
export interface KindDescription {
  /** Identifier used in pipeline files, e.g. "q-scorer". */
  kind: string;
  /** Human title, e.g. "Q-scorer". */
  title: string;
  description: string;
  /** The engine's special roles; a pipeline needs exactly one of each. */
  role?: "environment" | "executor";
  /** At most this many nodes of this kind in one pipeline. */
  maxPerPipeline?: number;
  /**
   * The node's ports depend on its params, so `inputs`/`outputs` are only a fresh node's: a Script
   * declares its own in `params.inputs` / `params.outputs` (each `{ name, type }`, all inputs required).
   * `validate` checks edges against each node's own ports.
   */
  dynamicPorts?: true;
  /** Its params hold user code: a pipeline with such a node runs only once trusted (`RunOptions.trusted`). */
  runsUserCode?: true;
  /** In declaration order. */
  inputs: InputPortDescription[];
  outputs: OutputPortDescription[];
  /** The kind's params as JSON Schema (draft 2020-12, input side: fields with defaults are optional). */
  paramsSchema: Record<string, unknown>;
  /** Params for a fresh node: valid as they are. */
  defaults: Record<string, unknown>;
}

/** A port type and how the canvas draws its handles and edges. */
export interface PortTypeDescription {
  type: PortType;
  /** A CSS colour, e.g. "#2f80ed". */
  colour: string;
}

/** What `describeKinds` answers: the kinds in palette order and every port type. */
export interface KindCatalog {
  kinds: KindDescription[];
  portTypes: PortTypeDescription[];
}
