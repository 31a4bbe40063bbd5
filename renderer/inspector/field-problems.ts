import { createContext, useContext } from "react";
import type { Problem } from "../../protocol/index.js";

/**
 * Validation's problems for the fields of one form, so each field shows its own: a node's form has
 * base "/nodes/<index>/params", the pipeline's settings base "" (their paths are pointers already).
 */
export const FieldProblemsContext = createContext<{ base: string; problems: readonly Problem[] }>({ base: "", problems: [] });

/**
 * The messages of the problems at the field `path`; with `within`, also those inside it (a leaf
 * field owns its items' problems, a group leaves its members' to them).
 */
export function useFieldProblems(path: string, within: boolean): string[] {
  const { base, problems } = useContext(FieldProblemsContext);
  const pointer = base + path;
  return problems.filter((problem) => problem.pointer === pointer || (within && problem.pointer.startsWith(`${pointer}/`))).map((problem) => problem.message);
}
