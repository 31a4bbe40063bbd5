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
}

/** A saved pipeline file: the path as normalised by the host and the exact text written. */
export interface SavedFile {
  path: string;
  text: string;
}

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
}
