import { z } from "zod";
import type { Problem } from "../../protocol/index.js";
import { migrate } from "../../runtime/pipeline/migrate.js";
import { pipelineDirOf } from "../../runtime/pipeline/schema.js";
import type { NodeRegistry } from "../../runtime/registry.js";
import { PathRefused, type FilePolicy } from "./file-policy.js";

/** A file a node's params name: a string param whose schema carries `.meta({ modelPath: true })`. */
interface NamedFile {
  pointer: string;
  nodeId: string;
  path: string;
}

/**
 * The problems with the paths `doc` names, as if saved at `pipelineFile`: its `baseDir` and every
 * model file of every node, each put through the host's file policy. Checked before validation or
 * a run reads any of them, so a refused path is never opened (serve: no oracle of what exists
 * outside its root). Empty when every path is allowed.
 */
export function refusedPaths(doc: unknown, pipelineFile: string, files: FilePolicy, registry: NodeRegistry): Problem[] {
  const problems: Problem[] = [];
  const pipelineDir = pipelineDirOf(pipelineFile, doc);
  const refused = (check: () => void, problem: Omit<Problem, "message">) => {
    try {
      check();
    } catch (error) {
      if (!(error instanceof PathRefused)) throw error;
      problems.push({ ...problem, message: error.message });
    }
  };
  if (typeof (doc as { baseDir?: unknown } | null)?.baseDir === "string") refused(() => files.folder(pipelineDir), { code: "bad-field", pointer: "/baseDir" });
  for (const { pointer, nodeId, path } of namedFiles(doc, registry)) refused(() => files.model(pipelineDir, path), { code: "bad-param", pointer, nodeId });
  return problems;
}

/** One line for an error reply: every refused path with its place. */
export function describeRefusals(problems: readonly Problem[]): string {
  return problems.map((problem) => `${problem.pointer}${problem.nodeId ? ` (node ${problem.nodeId})` : ""}: ${problem.message}`).join("; ");
}

/**
 * Every model path in `doc`'s node params, found through each kind's params schema (so kinds
 * loaded with --kinds are covered when they mark their path params). Params that do not parse
 * are skipped: such a pipeline does not validate, so nothing reads them.
 */
function namedFiles(doc: unknown, registry: NodeRegistry): NamedFile[] {
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) return [];
  const migrated = migrate(doc as Record<string, unknown>);
  const nodes = migrated.ok ? migrated.doc["nodes"] : undefined;
  if (!Array.isArray(nodes)) return [];
  const found: NamedFile[] = [];
  nodes.forEach((node: unknown, index) => {
    const { id, kind, params } = (node ?? {}) as { id?: unknown; kind?: unknown; params?: unknown };
    const schema = typeof kind === "string" ? registry.get(kind)?.params : undefined;
    const parsed = schema?.safeParse(params ?? {});
    if (!parsed?.success) return;
    walk(schema as z.ZodType, parsed.data, `/nodes/${index}/params`, (pointer, path) => found.push({ pointer, nodeId: String(id), path }));
  });
  return found;
}

/** Follows `value` through `schema` (wrappers, objects, the union option it matches, arrays, records), reporting the strings marked as model paths. */
function walk(schema: z.ZodType, value: unknown, pointer: string, report: (pointer: string, path: string) => void): void {
  if (typeof value === "string" && z.globalRegistry.get(schema)?.["modelPath"] === true) {
    report(pointer, value);
    return;
  }
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
  switch (def.type) {
    case "default":
    case "prefault":
    case "optional":
    case "nullable":
    case "readonly":
    case "catch":
      return walk(def["innerType"] as z.ZodType, value, pointer, report);
    case "pipe":
      return walk(def["out"] as z.ZodType, value, pointer, report);
    case "union": {
      const option = (def["options"] as z.ZodType[]).find((candidate) => candidate.safeParse(value).success);
      if (option) walk(option, value, pointer, report);
      return;
    }
    case "object":
      if (typeof value !== "object" || value === null) return;
      for (const [key, field] of Object.entries(def["shape"] as Record<string, z.ZodType>)) {
        if (Object.hasOwn(value, key)) walk(field, (value as Record<string, unknown>)[key], `${pointer}/${escape(key)}`, report);
      }
      return;
    case "array":
      if (Array.isArray(value)) value.forEach((item, i) => walk(def["element"] as z.ZodType, item, `${pointer}/${i}`, report));
      return;
    case "record":
      if (typeof value === "object" && value !== null) {
        for (const [key, item] of Object.entries(value)) walk(def["valueType"] as z.ZodType, item, `${pointer}/${escape(key)}`, report);
      }
      return;
  }
}

function escape(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}
