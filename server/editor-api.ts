import { dirname, join, resolve } from "node:path";
import type { z } from "zod";
import type { MethodName, MethodResults, methodParams, Push } from "../protocol/index.js";
import { builtinRegistry } from "../nodes/index.js";
import { readModelInfo } from "../runtime/inference/model-info.js";
import { pipelineDirOf } from "../runtime/pipeline/schema.js";
import { validatePipeline } from "../runtime/pipeline/validate.js";
import { kindCatalog } from "./kind-catalog.js";
import { PipelineFiles } from "./pipeline-files.js";
import type { RootFolder } from "./root-folder.js";
import { RunFolders } from "./run-folders.js";
import { runHandlers } from "./run-handlers.js";
import { ServerRuns } from "./runs.js";

/** One function per protocol method, taking its checked params. */
export type Handlers = {
  [M in MethodName]: (params: z.output<(typeof methodParams)[M]>) => MethodResults[M] | Promise<MethodResults[M]>;
};

/** The folder under the root that receives run folders. */
const RUNS_FOLDER = "runs";

/**
 * The editor's API over a root folder, independent of how messages travel (the WebSocket server
 * here; a desktop host could hand the same handlers to its IPC).
 */
export function createEditorApi(options: { root: RootFolder; examplesDir: string; publish: (push: Push) => void }): {
  handlers: Handlers;
  close(): Promise<void>;
} {
  const { root } = options;
  const files = new PipelineFiles(root, options.examplesDir, [RUNS_FOLDER]);
  const runs = new ServerRuns({ outDir: join(root.path, RUNS_FOLDER), clientPath: (path) => root.relative(path), publish: options.publish });
  const places = { runsDirs: () => [join(root.path, RUNS_FOLDER)], resolve: (path: string) => root.resolve(path), clientPath: (path: string) => root.relative(path) };
  const folders = new RunFolders(places, (dir) => runs.isRunning(dir));
  const handlers: Handlers = {
    describeKinds: () => kindCatalog(),
    listFiles: () => files.list(),
    readFile: ({ path }) => files.read(path),
    saveFile: ({ path, doc }) => files.save(path, doc),
    validate: ({ doc, path }) => {
      const file = root.resolve(path ?? "untitled.foresight.json");
      const result = validatePipeline(doc, builtinRegistry(), { pipelineDir: pipelineDirOf(file, doc) });
      return result.ok ? [] : result.problems;
    },
    modelInfo: ({ modelPath, pipelinePath, baseDir }) => {
      const pipelineDir = resolve(dirname(root.resolve(pipelinePath)), baseDir ?? ".");
      const model = root.resolve(resolve(pipelineDir, modelPath));
      return { ...readModelInfo(model), path: root.relative(model) };
    },
    ...runHandlers(runs, folders, (path) => root.resolve(path)),
  };
  return { handlers, close: () => runs.stopAll() };
}
