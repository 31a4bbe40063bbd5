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

/**
 * How the editor shows a column's cells: `number` (an integer as it is, else 4 decimals),
 * `integer`, `probability` (a number from 0 to 1, 4 decimals), `boolean` (yes / no), `text`.
 */
export type ColumnFormat = "number" | "integer" | "probability" | "boolean" | "text";

/**
 * A candidate-table column a node kind may add (protocol of `NodeKind.columns`). The step
 * inspector, the score chart and the environment views read columns through these, so a new
 * kind's columns show with no editor change.
 */
export interface ColumnDescription {
  /** The column's key in the table, e.g. "q". */
  name: string;
  /** Its header, e.g. "Q". */
  label: string;
  format: ColumnFormat;
  description?: string;
  /** A score worth a bar chart: the chart draws the last such column in the order nodes added them. */
  chart?: true;
  /**
   * A boolean verdict on the row: `excluded` greys it out (the row is not a choice any more),
   * `chosen` highlights it (the executed candidate). Verdict columns are shown last.
   */
  marks?: "excluded" | "chosen";
  /** For an `excluded` column: the text column that says why; it is shown in this column's cells, not on its own. */
  reasonColumn?: string;
}

/**
 * For a kind with the environment role: which scene kind (what the editor's environment view draws,
 * renderer/environments/<scene kind>/) its node draws, by the value of one param (its variant).
 */
export interface SceneKinds {
  /** The param that selects the variant, e.g. "name". */
  param: string;
  /** Variant value → scene kind; a variant not listed draws no scene (its observations show as JSON). */
  byValue: Record<string, string>;
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
  /** What a new node of this kind is called (then "-2", "-3", …), e.g. "q" for the Q-scorer; else the kind. */
  shortId?: string;
  /** The candidate-table columns a node of this kind may add, in the order it adds them. */
  columns: ColumnDescription[];
  /** For the environment role: the scene kind each variant draws. */
  scenes?: SceneKinds;
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
