/** The classes of mistakes validation reports (the runtime's `ProblemCode`). */
export type ProblemCode =
  | "not-json"
  | "duplicate-key"
  | "bad-format"
  | "unsupported-version"
  | "bad-field"
  | "unknown-field"
  | "duplicate-id"
  | "unknown-kind"
  | "bad-param"
  | "unknown-param"
  | "dangling-edge"
  | "unknown-node"
  | "unknown-port"
  | "incompatible-ports"
  | "input-taken"
  | "missing-input"
  | "unknown-column"
  | "too-many"
  | "missing-role"
  | "cycle";

/** One validation error, as `foresight validate` reports it: where (JSON pointer, node id) and why. */
export interface Problem {
  code: ProblemCode;
  /** JSON pointer into the pipeline document, e.g. "/nodes/2/params/n". */
  pointer: string;
  nodeId?: string;
  message: string;
}

