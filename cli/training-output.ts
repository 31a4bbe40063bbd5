import { closeSync, existsSync, openSync, readSync, realpathSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { RUN_FOLDER } from "../runtime/run-folder.js";
import { EXIT, ExitError } from "./exit.js";

/** A path as its real file would be named: links resolved, through the folder where the file does not exist yet. */
function realPath(path: string): string {
  const absolute = resolve(path);
  if (existsSync(absolute)) return realpathSync(absolute);
  const folder = dirname(absolute);
  return existsSync(folder) ? join(realpathSync(folder), basename(absolute)) : absolute;
}

const inside = (path: string, folder: string) => path.startsWith(folder.endsWith(sep) ? folder : folder + sep);

/** The run folder a data file lies in (a run's dataset/transitions.jsonl, or a shard's), found by its pipeline copy. */
function runFolderAbove(file: string): string | undefined {
  for (let at = dirname(file), level = 0; level < 4 && dirname(at) !== at; at = dirname(at), level++) {
    if (existsSync(join(at, RUN_FOLDER.pipeline))) return at;
  }
  return undefined;
}

/**
 * ONNX files begin with their ir_version (field 1, a varint: byte 0x08), as every exporter writes
 * them; text, JSON and Parquet never do. A sniff, not a parse: a data file the check reads may be gigabytes.
 */
function startsLikeOnnx(file: string): boolean {
  const first = Buffer.alloc(1);
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch {
    // Unreadable (write-only): what it holds cannot be told, so it is not refused for it.
    return true;
  }
  try {
    return readSync(fd, first, 0, 1, 0) === 1 && first[0] === 0x08;
  } finally {
    closeSync(fd);
  }
}

/**
 * Refuses (exit 2, before anything is read or trained) an --out the model would be written over
 * to the user's loss: one of the inputs (a data file, the --pipeline file), a file inside a run
 * folder being trained on (its pipeline copy, trace or dataset), or an existing file that is not a
 * model. A file named *.onnx is taken as a model's place even where it does not read as one (a
 * damaged model is replaced, the usual retraining loop).
 */
export function refuseOutOverInputs(out: string, inputs: readonly { path: string; typed: string }[]): void {
  const target = realPath(out);
  for (const input of inputs) {
    if (!existsSync(input.path)) continue;
    const real = realpathSync(input.path);
    if (real === target) throw new ExitError(EXIT.invalid, `--out ${out} is ${input.typed}, an input of this training: the model would replace it; name another file`);
    const folder = statSync(real).isDirectory() ? real : runFolderAbove(real);
    if (folder !== undefined && inside(target, folder)) {
      throw new ExitError(EXIT.invalid, `--out ${out} lies inside ${folder === real ? input.typed : `${folder}, the run folder of ${input.typed}`}, which this training reads: writing ${relative(folder, target)} there would damage it; name a file outside it`);
    }
  }
  if (existsSync(target) && statSync(target).isFile() && !target.endsWith(".onnx") && !startsLikeOnnx(target)) {
    throw new ExitError(EXIT.invalid, `--out ${out} exists and is not an ONNX model: the model would replace it; remove it first or name another file`);
  }
}
