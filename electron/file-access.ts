import { basename, dirname, isAbsolute, join, normalize, relative, resolve, sep } from "node:path";
import type { FileListing } from "../protocol/index.js";
import { isFile, modifiedMs } from "../host/file-stat.js";
import { PathRefused, type FilePolicy } from "../host/editor-api/file-policy.js";
import { PIPELINE_SUFFIX } from "../host/editor-api/pipeline-files.js";
import { isSweepFolder } from "../host/sweep/sweep-folder.js";
import type { RecentFiles } from "../host/editor-api/recent-files.js";

/** What the page sends for a document that has no file yet (the editor's untitled name). */
const UNTITLED = "untitled.foresight.json";
/** The names a model file may have: what a compromised page can learn the existence of, anywhere on the disk. */
const MODEL_SUFFIXES = [".onnx", ".gguf"];

/**
 * Which files the desktop app's page may touch. The server's model (everything under one root)
 * does not fit a desktop app, so here a path is usable only when the user named it outside the
 * page: chosen in a native Open or Save dialog, opened from the OS (file association, command
 * line, second instance, macOS open-file), dropped on a window, or in the recent list (which only
 * those put there). The shipped examples are readable, never writable, and never on the recent
 * list. Everything else is refused, whatever the page asks: a compromised page cannot read or
 * write other files.
 *
 * - pipeline files (read, save): granted or recent, absolute, ending in ".foresight.json"
 *   (examples: read only, even when granted);
 * - a place to resolve a pipeline's relative paths from (validate, modelInfo, runs): a granted
 *   file, an example, or the untitled name (its folder is `untitledDir`);
 * - models (modelInfo, validate, runs): ".onnx" and ".gguf" files named relative to such a place,
 *   wherever they are (pipeline-paths.ts checks every model a pipeline names before anything reads it);
 * - runs write to `runs/` beside the pipeline file (untitled: `<untitledDir>/runs`), as
 *   `foresight run` writes `runs/` in the folder it runs in.
 */
export class FileAccess implements FilePolicy {
  private readonly granted = new Set<string>();

  constructor(
    private readonly options: {
      /** The shipped examples/ folder (read-only templates). */
      examplesDir: string;
      /** Where an untitled document "lives" (its runs, relative model paths): e.g. ~/Documents/Foresight. */
      untitledDir: string;
      recent: RecentFiles;
      /** Case-insensitive file systems (Windows, macOS by default) compare paths case-insensitively. */
      caseInsensitive?: boolean;
      /** A file was opened or saved through the page, after it joined the recent list (the OS's recent documents, the menu). */
      onRemember?: (file: string) => void;
    },
  ) {}

  /** Allows `path` (absolute) from now on: the user chose it outside the page. Answers its normal form. */
  grant(path: string): string {
    const file = this.normal(path);
    this.granted.add(this.key(file));
    return file;
  }

  /** Whether the page may read and write `path` (granted, or in the recent list). */
  isGranted(path: string): boolean {
    if (!isAbsolute(path) || path.includes("\0")) return false;
    const key = this.key(this.normal(path));
    return this.granted.has(key) || this.options.recent.list().some((file) => this.key(this.normal(file)) === key);
  }

  /** The recent files that still exist: the desktop app lists no folder of its own. */
  listFiles(): Pick<FileListing, "files" | "models"> {
    return { files: this.recent().map((path) => ({ path, modifiedMs: modifiedMs(path) })), models: [] };
  }

  recent(): string[] {
    // A template an older version put on the list is left out: it opens from New from Template.
    return this.options.recent.list().filter((file) => isFile(file) && !this.isExample(this.normal(file)));
  }

  /** Puts `file` on the recent list, except a shipped template: the list holds the user's own files (and grants them). */
  remember(file: string): void {
    if (this.isExample(this.normal(file))) return;
    this.options.recent.add(file);
    this.options.onRemember?.(file);
  }

  /** Paths are absolute, as the user's system names them. */
  clientPath(absolute: string): string {
    return absolute;
  }

  /** A pipeline file the page may open; throws PathRefused otherwise. */
  readable(path: string): string {
    const file = this.pipelinePath(path);
    if (this.isGranted(file) || this.isExample(file)) return file;
    throw this.refused(path);
  }

  /** A pipeline file the page may save to; throws PathRefused otherwise (the examples are read-only, even chosen in a dialog). */
  writable(path: string): string {
    const file = this.pipelinePath(path);
    if (this.isExample(file)) throw new PathRefused(`${path}: a shipped template is read-only: use File › Save As… to keep your changes in a file of your own`);
    if (this.isGranted(file)) return file;
    throw this.refused(path);
  }

  /** The file a document is (or will be) saved as, for resolving its relative paths: granted, an example, or untitled. */
  context(path: string | undefined): string {
    if (path === undefined || path === UNTITLED) return join(this.options.untitledDir, UNTITLED);
    return this.readable(path);
  }

  /** A model file named relative to a pipeline's folder: an ONNX model, or an embedded LLM's GGUF file. */
  model(pipelineDir: string, modelPath: string): string {
    const model = resolve(pipelineDir, modelPath);
    const named = MODEL_SUFFIXES.some((suffix) => model.toLowerCase().endsWith(suffix));
    if (modelPath.includes("\0") || !named) throw new PathRefused(`${modelPath}: not a model file (its name must end in ${MODEL_SUFFIXES.join(" or ")})`);
    return model;
  }

  /**
   * Any folder: a pipeline the user chose may keep its models anywhere on their disk (as `foresight
   * run` reads them). What the page can read through it is limited by `model`: ".onnx" and ".gguf" files
   * only. An LLM node's cache folder may be anywhere too: it holds only files named by request hashes.
   */
  folder(pipelineDir: string): string {
    if (pipelineDir.includes("\0") || !isAbsolute(pipelineDir)) throw new PathRefused(`${JSON.stringify(pipelineDir)} is not a valid folder`);
    return this.normal(pipelineDir);
  }

  /** Where runs of the pipeline file `file` go. */
  runsDir(file: string): string {
    return join(this.isExample(file) ? this.options.untitledDir : dirname(file), "runs");
  }

  /** The runs folders the page may list and read: beside each granted or recent pipeline, and the untitled one's. */
  runsDirs(): string[] {
    const files = [...this.granted, ...this.options.recent.list().map((file) => this.normal(file))];
    return [...new Set([join(this.options.untitledDir, "runs"), ...files.map((file) => this.runsDir(file))])];
  }

  /** A run folder the page may read (one inside a runsDirs() folder, or a setting's run inside a sweep folder there); throws PathRefused otherwise. */
  runFolder(path: string): string {
    if (path.includes("\0") || !isAbsolute(path)) throw this.refused(path);
    const dir = this.normal(path);
    const inRunsDir = (folder: string) => this.runsDirs().some((runsDir) => this.key(this.normal(runsDir)) === this.key(dirname(folder)));
    if (inRunsDir(dir) || (isSweepFolder(dirname(dir)) && inRunsDir(dirname(dir)))) return dir;
    throw new PathRefused(`${path}: not a run folder of a pipeline you opened (the app reads runs from the runs/ folder beside each file you open)`);
  }

  private pipelinePath(path: string): string {
    if (path.includes("\0") || !isAbsolute(path)) throw this.refused(path);
    if (!path.toLowerCase().endsWith(PIPELINE_SUFFIX)) throw new PathRefused(`${path}: not a pipeline file (its name must end in ${PIPELINE_SUFFIX})`);
    return this.normal(path);
  }

  private isExample(file: string): boolean {
    const inside = relative(this.key(this.normal(this.options.examplesDir)), this.key(file));
    return inside !== "" && !inside.startsWith("..") && !isAbsolute(inside) && !inside.includes(sep);
  }

  private normal(path: string): string {
    return normalize(resolve(path));
  }

  private key(file: string): string {
    return this.options.caseInsensitive ? file.toLowerCase() : file;
  }

  private refused(path: string): PathRefused {
    return new PathRefused(
      `${basename(path) === path ? JSON.stringify(path) : path}: the app only opens files you choose (File › Open, the Save dialog, the recent list, or opened from your system)`,
    );
  }
}
