import { dirname, resolve } from "node:path";
import { builtinRegistry } from "../nodes/index.js";
import type { FileListing, Push } from "../protocol/index.js";
import { readModelInfo } from "../runtime/inference/model-info.js";
import { pipelineDirOf } from "../runtime/pipeline/schema.js";
import { validatePipeline } from "../runtime/pipeline/validate.js";
import type { Handlers } from "../server/editor-api.js";
import { isFile, modifiedMs } from "../server/file-stat.js";
import { kindCatalog } from "../server/kind-catalog.js";
import { readPipelineFile, readTemplates, savePipelineFile } from "../server/pipeline-files.js";
import { runHandlers } from "../server/run-handlers.js";
import { RunFolders } from "../server/run-folders.js";
import { ServerRuns } from "../server/runs.js";
import type { FileAccess } from "./file-access.js";

/**
 * The editor's protocol for one desktop window: the same handlers as `foresight serve`
 * (server/editor-api.ts) over the desktop's file policy (file-access.ts) instead of a root folder.
 * Paths are absolute; runs go to `runs/` beside the pipeline file, in a worker thread
 * (host/worker-run.ts via ServerRuns), and their events go to `publish` (this window). The runs list
 * reads the runs/ folders beside the files the user opened (file-access.ts).
 */
export function createDesktopApi(options: {
  access: FileAccess;
  examplesDir: string;
  publish: (push: Push) => void;
  /** A file was opened or saved (the recent list, the OS's recent documents). */
  remember: (file: string) => void;
  /** The recent list, most recent first. */
  recent: () => string[];
}): { handlers: Handlers; close(): Promise<void> } {
  const { access, remember } = options;
  const runs = new ServerRuns({ outDir: (file) => access.runsDir(file), clientPath: (path) => path, publish: options.publish });
  const places = { runsDirs: () => access.runsDirs(), resolve: (path: string) => access.runFolder(path), clientPath: (path: string) => path };
  const folders = new RunFolders(places, (dir) => runs.isRunning(dir));
  const handlers: Handlers = {
    describeKinds: () => kindCatalog(),
    listFiles: (): FileListing => {
      const recent = options.recent().filter((file) => isFile(file));
      return {
        files: recent.map((path) => ({ path, modifiedMs: modifiedMs(path) })),
        models: [],
        recent,
        templates: readTemplates(options.examplesDir),
      };
    },
    readFile: ({ path }) => {
      const file = access.readable(path);
      const opened = readPipelineFile(file, path);
      remember(file);
      return opened;
    },
    saveFile: ({ path, doc }) => {
      const file = access.writable(path);
      const text = savePipelineFile(file, doc);
      remember(file);
      return { path: file, text };
    },
    validate: ({ doc, path }) => {
      const file = access.context(path);
      const result = validatePipeline(doc, builtinRegistry(), { pipelineDir: pipelineDirOf(file, doc) });
      return result.ok ? [] : result.problems;
    },
    modelInfo: ({ modelPath, pipelinePath, baseDir }) => {
      const pipelineDir = resolve(dirname(access.context(pipelinePath)), baseDir ?? ".");
      const model = access.model(pipelineDir, modelPath);
      return { ...readModelInfo(model), path: model };
    },
    ...runHandlers(runs, folders, (path) => access.context(path)),
  };
  return { handlers, close: () => runs.stopAll() };
}
