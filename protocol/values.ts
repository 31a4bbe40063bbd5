/** A JSON value: what observations, actions and port summaries are made of. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** An action: a discrete index, a continuous vector, text, or a structured value. */
export type Action = number | number[] | string | StructuredAction;

/**
 * An action of a MultiDiscrete, Dict or Tuple space (an external environment's), written as the
 * environment takes it: nested lists for MultiDiscrete and Tuple, an object for Dict
 * (docs/environment-protocol.md, "Structured actions").
 */
export type StructuredAction = JsonValue[] | { [key: string]: JsonValue };

/** One row of a candidate table: the action plus every column a node added. */
export type CandidateRow = { action: Action } & Record<string, number | string | boolean | null | Action>;
