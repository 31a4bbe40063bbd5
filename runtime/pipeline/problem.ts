import type { z } from "zod";
import type { Problem, ProblemCode } from "../../protocol/problems.js";
import { didYouMean } from "./closest-name.js";
import type { TextPlace } from "./json-places.js";
import { jsonPointer } from "./pointer.js";

// The problem shapes are shared with the editor, so they live in protocol/.
export type { Problem, ProblemCode } from "../../protocol/problems.js";

/**
 * "file.json#/nodes/2/params/n (node sampler): n must be at most 1024"; given the problem's place in
 * the file, "file.json:31:9: #/nodes/2/params/n …", which editors' problem matchers and terminals
 * jump to.
 */
export function formatProblem(problem: Problem, file?: string, place?: TextPlace): string {
  const where = place && file !== undefined ? `${file}:${place.line}:${place.column}: #${problem.pointer}` : `${file ?? ""}#${problem.pointer}`;
  const node = problem.nodeId ? ` (node "${problem.nodeId}")` : "";
  return `${where}${node}: ${problem.message}`;
}

/**
 * Turns zod issues into problems, prefixing each issue's path with `base`. Given the `input` that
 * was parsed, a mistyped choice (an enum's value, a union's tag) also gets "Did you mean …".
 */
export function problemsFromZod(
  error: z.ZodError,
  base: readonly PropertyKey[],
  code: ProblemCode,
  nodeId?: string,
  input?: unknown,
): Problem[] {
  return error.issues.map((issue) => {
    const path = [...base, ...issue.path];
    const message = inWords(issue, input);
    // A schema's own "is required: …" reads as a sentence after the field's name ("model.path is required: …").
    const field = issue.path.length === 0 ? "" : `${issue.path.map(String).join(".")}${message.startsWith("is required") ? " " : ": "}`;
    return { code, pointer: jsonPointer(path), ...(nodeId ? { nodeId } : {}), message: field + message + suggestion(issue, input) };
  });
}

/** The value at the issue's path in `input`. */
function givenAt(issue: z.core.$ZodIssue, input: unknown): unknown {
  return issue.path.reduce<unknown>((value, key) => (typeof value === "object" && value !== null ? (value as Record<PropertyKey, unknown>)[key] : undefined), input);
}

/** zod's message, or plainer words where zod's name a type ("expected int, received number" for 200.5). */
function inWords(issue: z.core.$ZodIssue, input: unknown): string {
  const given = givenAt(issue, input);
  if (issue.code === "invalid_type" && issue.expected === "int" && typeof given === "number") return `must be a whole number, got ${given}`;
  return issue.message;
}

/** `. Did you mean "x"?` where the issue lists the choices (enum values, a union's tags) and the input's text is close to one. */
function suggestion(issue: z.core.$ZodIssue, input: unknown): string {
  const choices = "values" in issue ? issue.values : "options" in issue ? (issue as { options?: unknown }).options : undefined;
  if (!Array.isArray(choices)) return "";
  const given = givenAt(issue, input);
  return typeof given === "string" ? didYouMean(given, choices.filter((choice): choice is string => typeof choice === "string")) : "";
}
