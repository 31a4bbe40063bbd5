import type { z } from "zod";
import type { Problem, ProblemCode } from "../../protocol/problems.js";
import { jsonPointer } from "./pointer.js";

// The problem shapes are shared with the editor, so they live in protocol/.
export type { Problem, ProblemCode } from "../../protocol/problems.js";

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
