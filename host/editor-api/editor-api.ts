import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { KindCatalog, Push } from "../../protocol/index.js";
import { builtinHostKinds, type HostKinds } from "../node-kinds.js";
import { readModelInfo } from "../../runtime/inference/model-info.js";
import { pipelineDirOf } from "../../runtime/pipeline/schema.js";
import { validatePipeline } from "../../runtime/pipeline/validate.js";
import type { NodeRegistry } from "../../runtime/registry.js";
import { PathRefused, type FilePolicy } from "./file-policy.js";
import type { Handlers } from "./handlers.js";
import { kindCatalog } from "./kind-catalog.js";
import { readPipelineFile, readTemplates, saveConflict, savePipelineFile } from "./pipeline-files.js";
import { describeRefusals, refusedPaths } from "./pipeline-paths.js";
import { RunFolders } from "./run-folders.js";
import { runHandlers } from "./run-handlers.js";
import { nodesToTrust, trustHash, withoutStartingPrograms } from "./trust-info.js";
import { HostRuns } from "./runs.js";


/** New pipeline files one host creates (saves over existing files are not counted): a client cannot fill the disk with files. */
export const MAX_NEW_FILES = 1000;

/** The editor's API: its handlers, and a close that stops its runs. */
export interface EditorApi {
  handlers: Handlers;
  close(): Promise<void>;
}

/** What the editor API is given besides its file policy. */
export interface EditorApiOptions {
  examplesDir: string;
  publish: (push: Push) => void;
  /** The node kinds it offers, validates and runs (default: the built-ins). */
  kinds?: HostKinds;
  /**
   * The host's runs, when several editor APIs share them (the desktop app's windows: a run started in
   * one is listed, watched and controlled from every other); `close` then leaves them going. Without
   * it the API has runs of its own and `close` stops them.
   */
  runs?: HostRuns;
}

/** A host's runs over its file policy: run folders where `files` puts them, named as its clients name paths. */
export function createHostRuns(files: FilePolicy, publish: (push: Push) => void, kinds: HostKinds = builtinHostKinds()): HostRuns {
  return new HostRuns({ outDir: (file) => files.runsDir(file), clientPath: (path) => files.clientPath(path), publish, kinds });
}

/**
 * The editor's API over a host's file policy, the same for `foresight serve` (a root folder, over
 * WebSocket) and the desktop app (the files its user chose, over IPC): only `files` differs.
 */
export function createEditorApi(files: FilePolicy, options: EditorApiOptions): EditorApi {
  const kinds = options.kinds ?? builtinHostKinds();
  const { registry } = kinds;
  const runs = options.runs ?? createHostRuns(files, options.publish, kinds);
  const places = { runsDirs: () => files.runsDirs(), resolve: (path: string) => files.runFolder(path), clientPath: (path: string) => files.clientPath(path) };
  const folders = new RunFolders(places, (dir) => runs.runningIn(dir));
  let catalog: KindCatalog | undefined;
  let withoutPrograms: NodeRegistry | undefined;
  let created = 0;
  const handlers: Handlers = {
    describeKinds: () => (catalog ??= kindCatalog(registry)),
    listFiles: async () => ({ ...(await files.listFiles()), recent: files.recent(), templates: readTemplates(options.examplesDir) }),
    readFile: ({ path }) => {
      const file = files.readable(path);
      const opened = readPipelineFile(file, path);
      files.remember(file);
      return { ...opened, path: files.clientPath(file) };
    },
    saveFile: ({ path, doc, onDisk }) => {
      const file = files.writable(path);
      const conflict = onDisk === undefined ? null : saveConflict(file, onDisk);
      if (conflict) return { path: files.clientPath(file), conflict };
      const creates = !existsSync(file);
      if (creates && created >= MAX_NEW_FILES) throw new Error(`${path}: this host has created ${MAX_NEW_FILES} new files since it started, the most it creates; save over an existing file, or restart it`);
      const saved = savePipelineFile(file, doc);
      if (creates) created++;
      files.remember(file);
      return { path: files.clientPath(file), ...saved };
    },
    validate: ({ doc, path }) => {
      const file = files.context(path);
      // A path the host refuses is reported, never opened: validation would read it.
      const refused = refusedPaths(doc, file, files, registry);
      if (refused.length > 0) return refused;
      // Describing an external environment starts its program: only for a pipeline a run trusted.
      const untrusted = nodesToTrust(doc, registry).processes.length > 0 && !runs.isTrusted(trustHash(doc, registry));
      const result = validatePipeline(doc, untrusted ? (withoutPrograms ??= withoutStartingPrograms(registry)) : registry, { pipelineDir: pipelineDirOf(file, doc) });
      return result.ok ? [] : result.problems;
    },
    modelInfo: ({ modelPath, pipelinePath, baseDir }) => {
      const pipelineDir = files.folder(resolve(dirname(files.context(pipelinePath)), baseDir ?? "."));
      const model = files.model(pipelineDir, modelPath);
      return { ...readModelInfo(model), path: files.clientPath(model) };
    },
    ...runHandlers(runs, folders, (path, doc) => {
      const file = files.context(path);
      const refused = refusedPaths(doc, file, files, registry);
      if (refused.length > 0) throw new PathRefused(`the pipeline names files this editor may not use: ${describeRefusals(refused)}`);
      return file;
    }, registry),
  };
  return { handlers, close: () => (options.runs ? Promise.resolve() : runs.stopAll()) };
}
