import type { ModelInfo } from "../../protocol/index.js";
import type { JsonSchema } from "./json-schema.js";

/** Which side of the model a param names a tensor of: the params schema marks it with `modelTensor` (zod `.meta`). */
export function tensorRole(schema: JsonSchema): "input" | "output" | undefined {
  const role = schema.modelTensor;
  return role === "input" || role === "output" ? role : undefined;
}

/**
 * The sibling values under which the param is read (`usedWhen`, e.g. { form: "q-sa" }), as words
 * when they do not hold ("form is q-s"), or undefined when the param is in use.
 */
export function unusedBecause(schema: JsonSchema, siblings: Record<string, unknown>): string | undefined {
  const when = schema.usedWhen;
  if (typeof when !== "object" || when === null) return undefined;
  const differing = Object.entries(when).find(([key, wanted]) => siblings[key] !== wanted);
  return differing ? `${differing[0]} is ${String(siblings[differing[0]])}` : undefined;
}

/** The names the model offers for a param, and whether the param's current value is one of them. */
export function tensorChoices(role: "input" | "output", value: string, model: ModelInfo): { names: string[]; known: boolean } {
  const names = (role === "input" ? model.inputs : model.outputs).map((tensor) => tensor.name);
  return { names, known: names.includes(value) };
}
