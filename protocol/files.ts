/** A pipeline document as parsed JSON (the `*.foresight.json` format); validation says whether it is a good one. */
export type PipelineDocument = Record<string, unknown>;

/** A pipeline file under the server's root. */
export interface PipelineFileEntry {
  /** Relative to the root, with "/" separators, e.g. "examples/gridworld-vgps.foresight.json". */
  path: string;
  /** Last modification, ms since the epoch. */
  modifiedMs: number;
}

/** A shipped example to start a new pipeline from (read-only; "save as" puts a copy under the root). */
export interface Template {
  /** File name without ".foresight.json", e.g. "gridworld-vgps". */
  name: string;
  description: string;
  doc: PipelineDocument;
}

/** What `listFiles` finds. */
export interface FileListing {
  /** Every `*.foresight.json` under the root (the run folders' copies excepted), sorted by path. */
  files: PipelineFileEntry[];
  /** Every `*.onnx` under the root, relative to it, for the model path picker. */
  models: string[];
  /** Files this host opened or saved, most recent first. */
  recent: string[];
  templates: Template[];
}

/** An opened pipeline file: its text as on disk and the parsed document. */
export interface OpenedFile {
  path: string;
  doc: PipelineDocument;
  text: string;
  /** The text's SHA-256 (hex): what a later save names as the file it expects to replace. */
  hash: string;
}

/** A saved pipeline file: the path as normalised by the host, the exact text written and its SHA-256. */
export interface SavedFile {
  path: string;
  text: string;
  hash: string;
}

/**
 * A save the host did not make, as the file on disk is not the one the client expected to replace:
 * "changed", it changed since the client read or saved it (another editor, `foresight format`, git);
 * "exists", the client expected no file there.
 */
export interface SaveConflict {
  path: string;
  conflict: "changed" | "exists";
}

/**
 * What a save expects on disk: the hash of the file as the client last read or wrote it, or null for
 * no file; left out, the save replaces whatever is there.
 */
export type ExpectedOnDisk = string | null;

/** One declared input or output of a model graph. */
export interface TensorInfo {
  name: string;
  /** Element type as onnxruntime names it: "float32", "int64", … */
  type: string;
  /** A number is a fixed size, a string a symbolic dim such as "batch", null an unknown size. */
  shape: (number | string | null)[];
}

/** What a model file declares: the names a node's params map its ports to. */
export interface ModelInfo {
  /** The model file, relative to the root. */
  path: string;
  inputs: TensorInfo[];
  outputs: TensorInfo[];
  opset?: number;
  producer?: string;
  /** The file's metadata_props: key-value notes, e.g. how `foresight train` made it. */
  metadata?: Record<string, string>;
}
