import { lstatSync, realpathSync, statSync } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import type { FileListing, PipelineFileEntry } from "../protocol/index.js";
import { PathRefused, type FilePolicy } from "../host/editor-api/file-policy.js";
import { PIPELINE_SUFFIX } from "../host/editor-api/pipeline-files.js";
import { RecentFiles } from "../host/editor-api/recent-files.js";

/** The folder under the root that receives run folders. */
const RUNS_FOLDER = "runs";
/** What the page sends for a document that has no file yet. */
const UNTITLED = "untitled.foresight.json";
/** The walk gives up after this many directory entries, so a huge root cannot stall listFiles. */
const MAX_ENTRIES = 50_000;

/** A folder paths may lead into: as it was named, and its real path (symbolic links resolved). */
interface Place {
  named: string;
  real: string;
}

/**
 * The folder `foresight serve` may read and write (`--root`), as the editor's file policy. Every
 * path a client sends goes through `resolve`, which refuses one that leaves the folder by "..", by
 * being absolute elsewhere, or through a symbolic link. Clients name paths relative to the root;
 * runs go to `<root>/runs`. Pipelines may also read the shipped templates and models (`shipped`,
 * read-only): the templates name them by absolute path.
 */
export class RootFolder implements FilePolicy {
  /** The root's real path (symbolic links resolved). */
  readonly path: string;
  private readonly root: Place;
  private readonly shipped: Place[];
  private readonly recentFiles = new RecentFiles(null);

  constructor(root: string, options: { shipped?: string[] } = {}) {
    try {
      this.path = realpathSync(resolve(root));
    } catch {
      throw new Error(`the root folder ${resolve(root)} does not exist`);
    }
    // Refused here, not at the first save (ENOTDIR there, after the user's work in the page).
    if (!statSync(this.path).isDirectory()) throw new Error(`the root folder ${resolve(root)} is not a folder`);
    this.root = { named: resolve(root), real: this.path };
    this.shipped = (options.shipped ?? []).map((dir) => ({ named: resolve(dir), real: realOrSelf(resolve(dir)) }));
  }

  /** The absolute path of `path` (relative to the root, or absolute inside it); throws PathRefused if it is outside. */
  resolve(path: string): string {
    return this.inside(path, path, [this.root]);
  }

  /** `path` resolved, if it lies in one of `places` (its real path too); refusals name it as `named`. */
  private inside(path: string, named: string, places: readonly Place[]): string {
    if (path.includes("\0")) throw new PathRefused(`${JSON.stringify(named)} is not a valid path`);
    const absolute = resolve(this.path, path);
    // Refused before the file system is asked, so the answer says nothing about what exists outside.
    if (!places.some((place) => contains(place.named, absolute) || contains(place.real, absolute))) throw this.outside(named);
    // The part that exists decides where the path really leads: its real path must lie inside.
    let existing = absolute;
    while (!exists(existing)) existing = dirname(existing);
    let real: string;
    try {
      real = realpathSync(existing);
    } catch {
      throw new PathRefused(`${named}: a broken symbolic link`);
    }
    const target = join(real, relative(existing, absolute));
    if (!places.some((place) => contains(place.real, target))) throw this.outside(named);
    return absolute;
  }

  /** `absolute` relative to the root, with "/" separators (what clients see). */
  relative(absolute: string): string {
    return relative(this.path, absolute).split(sep).join("/");
  }

  /** Every pipeline file and model under the root, except in hidden folders, node_modules and the runs folder. */
  async listFiles(): Promise<Pick<FileListing, "files" | "models">> {
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
          const skipped = entry.name.startsWith(".") || entry.name === "node_modules" || (atRoot && entry.name === RUNS_FOLDER);
          if (!skipped) await walk(path, false);
        } else if (entry.isFile() && entry.name.endsWith(PIPELINE_SUFFIX)) {
          const modifiedMs = await stat(path).then((s) => s.mtimeMs, () => 0);
          files.push({ path: this.relative(path), modifiedMs });
        } else if (entry.isFile() && entry.name.endsWith(".onnx")) {
          models.push(this.relative(path));
        }
      }
    };
    await walk(this.path, true);
    files.sort((a, b) => (a.path < b.path ? -1 : 1));
    return { files, models: models.sort() };
  }

  readable(path: string): string {
    return this.pipelineFile(path);
  }

  writable(path: string): string {
    return this.pipelineFile(path);
  }

  context(path: string | undefined): string {
    return this.resolve(path ?? UNTITLED);
  }

  model(pipelineDir: string, modelPath: string): string {
    // Named as the pipeline names it; models may also be the shipped ones (read-only).
    return this.inside(resolve(pipelineDir, modelPath), modelPath, [this.root, ...this.shipped]);
  }

  folder(pipelineDir: string): string {
    return this.inside(pipelineDir, pipelineDir, [this.root, ...this.shipped]);
  }

  runsDir(): string {
    return join(this.path, RUNS_FOLDER);
  }

  runsDirs(): string[] {
    return [this.runsDir()];
  }

  runFolder(path: string): string {
    return this.resolve(path);
  }

  clientPath(absolute: string): string {
    return this.relative(absolute);
  }

  remember(file: string): void {
    this.recentFiles.add(this.relative(file));
  }

  recent(): string[] {
    return this.recentFiles.list();
  }

  private pipelineFile(path: string): string {
    const file = this.resolve(path);
    if (!file.endsWith(PIPELINE_SUFFIX)) throw new PathRefused(`${path}: not a pipeline file (its name must end in ${PIPELINE_SUFFIX})`);
    return file;
  }

  private outside(path: string): PathRefused {
    return new PathRefused(`${path}: outside the root folder ${this.path}; paths must stay inside it`);
  }
}

/** Whether `absolute` is `folder` or lies inside it. */
function contains(folder: string, absolute: string): boolean {
  const inside = relative(folder, absolute);
  return inside === "" || (inside !== ".." && !inside.startsWith(`..${sep}`) && !isAbsolute(inside));
}

function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
