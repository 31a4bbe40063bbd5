/** A JSON value: what observations, actions and port summaries are made of. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** An action: a discrete index, a continuous vector, or text. */
export type Action = number | number[] | string;

/** One row of a candidate table: the action plus every column a node added. */
export type CandidateRow = { action: Action } & Record<string, number | string | boolean | null | Action>;
