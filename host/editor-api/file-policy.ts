import type { FileListing } from "../../protocol/index.js";

/** A path a client named that the host will not touch: outside what the policy allows, or not a usable path. */
export class PathRefused extends Error {}

/**
 * Which files a host's editor may touch, and how its clients name them. The handlers
 * (editor-api.ts) are the same in every host; only this differs: `foresight serve` allows one
 * root folder and names paths relative to it (server/root-folder.ts), the desktop app allows the
 * files its user chose and names them by absolute path (electron/file-access.ts).
 * Every method that answers a path throws PathRefused for one the client may not use, with the
 * same message whether or not the file exists (pipeline-paths.ts puts every path a pipeline names
 * through `folder` and `model` before validation or a run reads any).
 */
export interface FilePolicy {
  /** The pipeline files and models a client may pick from (besides the recent list and the templates). */
  listFiles(): Pick<FileListing, "files" | "models"> | Promise<Pick<FileListing, "files" | "models">>;
  /** A pipeline file the client may open → its absolute path. */
  readable(path: string): string;
  /** A pipeline file the client may save to → its absolute path. */
  writable(path: string): string;
  /** The file a document is (or, untitled, would be) saved as: its relative paths resolve against its folder. */
  context(path: string | undefined): string;
  /** A model file named relative to a pipeline's folder, for reading its inputs and outputs and for running it. */
  model(pipelineDir: string, modelPath: string): string;
  /** A folder a pipeline names (its `baseDir` resolved, a node's cache folder) → itself, if a pipeline may use it. */
  folder(pipelineDir: string): string;
  /** Where runs of the pipeline file `file` go. */
  runsDir(file: string): string;
  /** The folders that hold run folders the client may list and read. */
  runsDirs(): string[];
  /** A run folder as a client names it → its absolute path. */
  runFolder(path: string): string;
  /** An absolute path as clients name it. */
  clientPath(absolute: string): string;
  /** A pipeline file was opened or saved (absolute path). */
  remember(file: string): void;
  /** The files remembered, most recent first, as clients name them. */
  recent(): string[];
}
