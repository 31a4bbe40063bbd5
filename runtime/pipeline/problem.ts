import type { z } from "zod";
import { jsonPointer } from "./pointer.js";

/** The classes of mistakes validation reports; each has its own test. */
export type ProblemCode =
  | "not-json"
  | "bad-format"
  | "unsupported-version"
  | "bad-field"
  | "duplicate-id"
  | "unknown-kind"
  | "bad-param"
  | "dangling-edge"
  | "unknown-port"
  | "incompatible-ports"
  | "input-taken"
  | "missing-input"
  | "too-many"
  | "missing-role"
  | "cycle";

/** One validation error: where it is (JSON pointer, node id) and why, in words a user can act on. */
export interface Problem {
  code: ProblemCode;
  /** JSON pointer into the pipeline file, e.g. "/nodes/2/params/n". */
  pointer: string;
  nodeId?: string;
  message: string;
}

/** "file.json#/nodes/2/params/n (node sampler): n must be at most 1024". */
export function formatProblem(problem: Problem, file?: string): string {
  const where = `${file ?? ""}#${problem.pointer}`;
  const node = problem.nodeId ? ` (node "${problem.nodeId}")` : "";
  return `${where}${node}: ${problem.message}`;
}

/** Turns zod issues into problems, prefixing each issue's path with `base`. */
export function problemsFromZod(
  error: z.ZodError,
  base: readonly PropertyKey[],
  code: ProblemCode,
  nodeId?: string,
): Problem[] {
  return error.issues.map((issue) => {
    const path = [...base, ...issue.path];
    const field = issue.path.length > 0 ? `${issue.path.map(String).join(".")}: ` : "";
    return { code, pointer: jsonPointer(path), ...(nodeId ? { nodeId } : {}), message: field + issue.message };
  });
}
