import { builtinRegistry } from "../nodes/index.js";
import type { JsonValue } from "../runtime/environment.js";
import type { NodeRegistry } from "../runtime/registry.js";
import { applyOverrides, overrideBehind, OverrideError } from "../runtime/pipeline/overrides.js";
import { jsonPlaces } from "../runtime/pipeline/json-places.js";
import { readPipelineDocument } from "../runtime/pipeline/load.js";
import { formatProblem } from "../runtime/pipeline/problem.js";
import { pipelineDirOf } from "../runtime/pipeline/schema.js";
import { dropSwitchedVariantParams } from "../runtime/pipeline/variant-switch.js";
import { validatePipeline, type ValidatedPipeline } from "../runtime/pipeline/validate.js";
import { EXIT, ExitError } from "./exit.js";
import { counted } from "../protocol/shown-values.js";

/** Notes already on stderr: a sweep loads the file once per point, and says each note once. */
const said = new Set<string>();
function sayOnce(note: string): void {
  if (said.has(note)) return;
  said.add(note);
  process.stderr.write(note + "\n");
}

/**
 * Reads, overrides and validates a pipeline file against `registry` (the built-in kinds, plus
 * `--kinds` modules'); prints every problem and exits 2 when there are any. `declaredEnvironment`:
 * what a run folder recorded the environment declaring, to describe it from (training). `flagOfSet`:
 * the flag that gave a --set, which a problem it caused names (compare's --set-a).
 */
export function loadPipelineOrExit(file: string, sets: readonly string[] = [], registry: NodeRegistry = builtinRegistry(), declaredEnvironment?: JsonValue, flagOfSet: (set: string) => string = () => "--set"): ValidatedPipeline {
  const read = readPipelineDocument(file);
  if (!read.ok) {
    read.problems.forEach((problem, i) => process.stderr.write(formatProblem(problem, file, read.places?.[i]) + "\n"));
    throw new ExitError(EXIT.invalid, `${file}: cannot be read as a pipeline`);
  }
  let doc = read.doc;
  const fileDoc = doc && typeof doc === "object" && !Array.isArray(doc) ? (doc as Record<string, unknown>) : undefined;
  if (sets.length > 0 && fileDoc) {
    try {
      const overridden = applyOverrides(fileDoc, sets);
      const dropped = dropSwitchedVariantParams(fileDoc, overridden, sets, (kind) => registry.get(kind)?.params);
      if (dropped.length > 0) sayOnce(`foresight: --set switched a variant: dropped ${dropped.join(", ")} (not params of the new one)`);
      doc = overridden;
    } catch (error) {
      if (error instanceof OverrideError) throw new ExitError(EXIT.invalid, `${file}: ${error.message}`);
      throw error;
    }
  }
  const result = validatePipeline(doc, registry, { pipelineDir: pipelineDirOf(file, doc), ...(declaredEnvironment !== undefined ? { declaredEnvironment } : {}) });
  if (!result.ok) {
    const placeOf = jsonPlaces(read.text);
    for (const problem of result.problems) {
      const set = fileDoc && overrideBehind(fileDoc, sets, problem.pointer);
      process.stderr.write(formatProblem(problem, file, placeOf(problem.pointer)) + (set ? ` (given by ${flagOfSet(set)} ${set})` : "") + "\n");
    }
    const count = result.problems.length;
    const hint = result.problems.some((problem) => problem.code === "unknown-kind") ? " (a node kind of your own: load its module with --kinds <module.js>)" : "";
    throw new ExitError(EXIT.invalid, `${file}: ${counted(count, "problem")}${hint}`);
  }
  return result.value;
}
