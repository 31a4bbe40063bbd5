import { resolve } from "node:path";
import { z } from "zod";
import type { Problem } from "../../protocol/index.js";
import { migrate } from "../../runtime/pipeline/migrate.js";
import { pipelineDirOf } from "../../runtime/pipeline/schema.js";
import type { NodeRegistry } from "../../runtime/registry.js";
import { PathRefused, type FilePolicy } from "./file-policy.js";

/** A file or folder a node's params name, and which policy check it goes through. */
interface NamedFile {
  pointer: string;
  nodeId: string;
  path: string;
  check: "model" | "folder";
}

/**
 * How a kind marks a string param as naming a file, in its schema's meta: `modelPath` (a model the
 * node reads) or `folderPath` (a folder it reads and writes, e.g. a cache). `true` marks it always;
 * `{ when: { provider: "embedded" } }` only where the params beside it have those values (the LLM's
 * `model` is a file only for the embedded provider, a name sent to a server otherwise).
 */
type PathMark = true | { when: Record<string, unknown> };

const MARKS = { modelPath: "model", folderPath: "folder" } as const;

/**
 * The problems with the paths `doc` names, as if saved at `pipelineFile`: its `baseDir`, every
 * model file and every folder of every node, each put through the host's file policy. Checked before validation or
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
  for (const { pointer, nodeId, path, check } of namedFiles(doc, registry)) {
    const named = check === "model" ? () => files.model(pipelineDir, path) : () => files.folder(resolve(pipelineDir, path));
    refused(named, { code: "bad-param", pointer, nodeId });
  }
  return problems;
}

/** One line for an error reply: every refused path with its place. */
export function describeRefusals(problems: readonly Problem[]): string {
  return problems.map((problem) => `${problem.pointer}${problem.nodeId ? ` (node ${problem.nodeId})` : ""}: ${problem.message}`).join("; ");
}

/**
 * Every marked path in `doc`'s node params, found through each kind's params schema (so kinds
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
    walk(schema as z.ZodType, parsed.data, {}, `/nodes/${index}/params`, (pointer, path, check) => found.push({ pointer, nodeId: String(id), path, check }));
  });
  return found;
}

/** Which check the string `value` at `schema` goes through, if its mark applies given the params `siblings` beside it. */
function markOf(schema: z.ZodType, siblings: Record<string, unknown>): NamedFile["check"] | undefined {
  const meta = z.globalRegistry.get(schema);
  for (const [key, check] of Object.entries(MARKS)) {
    const mark = meta?.[key] as PathMark | undefined;
    if (mark === true) return check;
    if (typeof mark === "object" && mark !== null && Object.entries(mark.when).every(([name, wanted]) => siblings[name] === wanted)) return check;
  }
  return undefined;
}

/**
 * Follows `value` through `schema` (wrappers, objects, the union option it matches, arrays, records),
 * reporting the strings marked as paths; `siblings`: the object `value` is a field of.
 */
function walk(schema: z.ZodType, value: unknown, siblings: Record<string, unknown>, pointer: string, report: (pointer: string, path: string, check: NamedFile["check"]) => void): void {
  const check = typeof value === "string" ? markOf(schema, siblings) : undefined;
  if (typeof value === "string" && check) {
    report(pointer, value, check);
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
      return walk(def["innerType"] as z.ZodType, value, siblings, pointer, report);
    case "pipe":
      return walk(def["out"] as z.ZodType, value, siblings, pointer, report);
    case "union": {
      const option = (def["options"] as z.ZodType[]).find((candidate) => candidate.safeParse(value).success);
      if (option) walk(option, value, siblings, pointer, report);
      return;
    }
    case "object":
      if (typeof value !== "object" || value === null) return;
      for (const [key, field] of Object.entries(def["shape"] as Record<string, z.ZodType>)) {
        if (Object.hasOwn(value, key)) walk(field, (value as Record<string, unknown>)[key], value as Record<string, unknown>, `${pointer}/${escape(key)}`, report);
      }
      return;
    case "array":
      if (Array.isArray(value)) value.forEach((item, i) => walk(def["element"] as z.ZodType, item, {}, `${pointer}/${i}`, report));
      return;
    case "record":
      if (typeof value === "object" && value !== null) {
        for (const [key, item] of Object.entries(value)) walk(def["valueType"] as z.ZodType, item, value as Record<string, unknown>, `${pointer}/${escape(key)}`, report);
      }
      return;
  }
}

function escape(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}
