import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { readModelInfo } from "../../runtime/inference/model-info.js";
import type { CheckContext } from "../../runtime/node-kind.js";
import type { ValidatedPipeline } from "../../runtime/pipeline/validate.js";

/** A model file the pipeline reads, by content. */
export interface BundledModel {
  sha256: string;
  bytes: number;
  /** Where it is on the producer's disk. */
  file: string;
  /** The path the pipeline file gave it (the first node's, where several name it). */
  path: string;
}

/** A pipeline made to travel: model paths replaced by content hashes, and the way back. */
export interface PipelineBundle {
  /** The pipeline document whose model paths read `<sha256>.onnx` (a worker's model cache holds them so). */
  doc: Record<string, unknown>;
  models: BundledModel[];
  /** The path the file gave node `node` for the model a worker knows as `path`. */
  originalPath(node: string, path: string): string;
}

/** The file name a model has in a worker's cache. */
export const cachedModelName = (sha256: string) => `${sha256}.onnx`;

/**
 * The model paths of each node, as its kind reads them: every kind that loads a model checks it at
 * validation through `ctx.modelInfo(path)` (runtime/model-io.ts `modelCheckSubject`), so replaying
 * the checks with a recording `modelInfo` finds them without knowing any kind's params.
 */
export function modelPathsOf(validated: ValidatedPipeline, pipelineDir: string): Map<string, Set<string>> {
  const paths = new Map<string, Set<string>>();
  for (const node of validated.nodes) {
    if (!node.kind.check) continue;
    const ctx: CheckContext = {
      pipelineDir,
      // Without an environment the checks stop after reading the model: all this needs.
      environment: undefined,
      modelInfo: (path) => {
        const seen = paths.get(node.spec.id) ?? new Set<string>();
        seen.add(path);
        paths.set(node.spec.id, seen);
        return readModelInfo(resolve(pipelineDir, path));
      },
    };
    node.kind.check(node.params, ctx);
  }
  return paths;
}

/**
 * Hashes the pipeline's model files and rewrites, in each node's params, every string equal to one
 * of that node's model paths to the model's cache name. Paths to other files (an external
 * environment's program) are left as written: they must exist on the workers (docs/distributed.md).
 */
export function bundlePipeline(validated: ValidatedPipeline, pipelineDir: string): PipelineBundle {
  const models = new Map<string, BundledModel>();
  const back = new Map<string, string>();
  const renamedByNode = new Map<string, Map<string, string>>();
  for (const [node, paths] of modelPathsOf(validated, pipelineDir)) {
    const renamed = new Map<string, string>();
    for (const path of paths) {
      const file = resolve(pipelineDir, path);
      const bytes = readFileSync(file);
      const sha256 = createHash("sha256").update(bytes).digest("hex");
      if (!models.has(sha256)) models.set(sha256, { sha256, bytes: bytes.length, file, path });
      renamed.set(path, cachedModelName(sha256));
      back.set(`${node}\n${cachedModelName(sha256)}`, path);
    }
    renamedByNode.set(node, renamed);
  }
  const { baseDir: _baseDir, ...pipeline } = validated.pipeline;
  const doc = {
    ...pipeline,
    nodes: pipeline.nodes.map((spec) => {
      const renamed = renamedByNode.get(spec.id);
      return renamed ? { ...spec, params: rewriteStrings(spec.params, renamed) as Record<string, unknown> } : spec;
    }),
  };
  return { doc, models: [...models.values()], originalPath: (node, path) => back.get(`${node}\n${path}`) ?? path };
}

function rewriteStrings(value: unknown, renamed: ReadonlyMap<string, string>): unknown {
  if (typeof value === "string") return renamed.get(value) ?? value;
  if (Array.isArray(value)) return value.map((item) => rewriteStrings(item, renamed));
  if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, rewriteStrings(item, renamed)]));
  return value;
}
