import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { FileListing, OpenedFile, PipelineDocument, PipelineFileEntry, SavedFile, Template } from "../protocol/index.js";
import { writeFileAtomic } from "../runtime/atomic-file.js";
import { formatPipeline } from "../runtime/pipeline/format.js";
import { pipelineDirOf } from "../runtime/pipeline/schema.js";
import { readPipelineDocument } from "../runtime/pipeline/load.js";
import { PathRefused, type RootFolder } from "./root-folder.js";

const PIPELINE_SUFFIX = ".foresight.json";
const RECENT_LENGTH = 10;
/** The walk gives up after this many directory entries, so a huge root cannot stall listFiles. */
const MAX_ENTRIES = 50_000;

/** The pipeline files under the root: listing, opening, saving, recent files, and the read-only templates. */
export class PipelineFiles {
  private readonly recent: string[] = [];

  constructor(
    private readonly root: RootFolder,
    /** The project's examples/ folder. */
    private readonly examplesDir: string,
    /** Folder names at the root that are not walked (the run folders' copies of pipelines). */
    private readonly skipAtRoot: readonly string[],
  ) {}

  async list(): Promise<FileListing> {
    const files: PipelineFileEntry[] = [];
    const models: string[] = [];
    let budget = MAX_ENTRIES;
    // Symbolic links are not followed: they could lead out of the root, or round in a circle.
    const walk = async (dir: string, atRoot: boolean): Promise<void> => {
      const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
      for (const entry of entries) {
        if (--budget < 0) return;
        const path = join(dir, entry.name);
        if (entry.isDirectory()) {
          const skipped = entry.name.startsWith(".") || entry.name === "node_modules" || (atRoot && this.skipAtRoot.includes(entry.name));
          if (!skipped) await walk(path, false);
        } else if (entry.isFile() && entry.name.endsWith(PIPELINE_SUFFIX)) {
          const modifiedMs = await stat(path).then((s) => s.mtimeMs, () => 0);
          files.push({ path: this.root.relative(path), modifiedMs });
        } else if (entry.isFile() && entry.name.endsWith(".onnx")) {
          models.push(this.root.relative(path));
        }
      }
    };
    await walk(this.root.path, true);
    files.sort((a, b) => (a.path < b.path ? -1 : 1));
    return { files, models: models.sort(), recent: [...this.recent], templates: this.templates() };
  }

  read(path: string): OpenedFile {
    const file = this.pipelineFile(path);
    const opened = readPipelineFile(file, path);
    this.remember(file);
    return { ...opened, path: this.root.relative(file) };
  }

  /** Writes the stable format (`foresight format`'s) through a temporary file and a rename; creates missing folders. */
  save(path: string, doc: PipelineDocument): SavedFile {
    const file = this.pipelineFile(path);
    const text = savePipelineFile(file, doc);
    this.remember(file);
    return { path: this.root.relative(file), text };
  }

  private templates(): Template[] {
    return readTemplates(this.examplesDir);
  }

  private pipelineFile(path: string): string {
    const file = this.root.resolve(path);
    if (!file.endsWith(PIPELINE_SUFFIX)) throw new PathRefused(`${path}: not a pipeline file (its name must end in ${PIPELINE_SUFFIX})`);
    return file;
  }

  private remember(file: string): void {
    const path = this.root.relative(file);
    const at = this.recent.indexOf(path);
    if (at >= 0) this.recent.splice(at, 1);
    this.recent.unshift(path);
    this.recent.length = Math.min(this.recent.length, RECENT_LENGTH);
  }
}

/** A pipeline file's document and text; `shownPath` names it in errors. Throws when it is not a readable pipeline. */
export function readPipelineFile(file: string, shownPath: string): OpenedFile {
  const read = readPipelineDocument(file);
  if (!read.ok) throw new Error(`${shownPath}: ${read.problems.map((p) => p.message).join("; ")}`);
  if (!isObject(read.doc)) throw new Error(`${shownPath}: a pipeline file must hold a JSON object`);
  return { path: file, doc: read.doc, text: readFileSync(file, "utf8") };
}

/** Writes `doc` to `file` in the stable format, atomically, creating missing folders; answers the text written. */
export function savePipelineFile(file: string, doc: PipelineDocument): string {
  const text = formatPipeline(doc);
  mkdirSync(dirname(file), { recursive: true });
  writeFileAtomic(file, text);
  return text;
}

/** The shipped examples as templates, read afresh each time (a handful of small files). */
export function readTemplates(examplesDir: string): Template[] {
  let names: string[];
  try {
    names = readdirSync(examplesDir).sort().filter((name) => name.endsWith(PIPELINE_SUFFIX));
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const read = readPipelineDocument(join(examplesDir, name));
    if (!read.ok || !isObject(read.doc)) return [];
    const description = typeof read.doc["description"] === "string" ? read.doc["description"] : "";
    // A template opens untitled and may be saved anywhere: keep its relative paths (models) pointing beside it.
    const doc = { ...read.doc, baseDir: pipelineDirOf(join(examplesDir, name), read.doc) };
    return [{ name: basename(name, PIPELINE_SUFFIX), description, doc }];
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
