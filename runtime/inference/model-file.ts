import { FileRefused, readRegularFile } from "../regular-file.js";

/** The largest model file read unless FORESIGHT_MAX_MODEL_MB says otherwise (protobuf itself stops at 2 GB). */
export const DEFAULT_MAX_MODEL_MB = 1024;

/** The model size limit in bytes: FORESIGHT_MAX_MODEL_MB (megabytes) when set, else the default. */
export function maxModelBytes(env: NodeJS.ProcessEnv = process.env): number {
  const setting = env["FORESIGHT_MAX_MODEL_MB"];
  if (setting === undefined || setting === "") return DEFAULT_MAX_MODEL_MB * 2 ** 20;
  const megabytes = Number(setting);
  if (!Number.isFinite(megabytes) || megabytes <= 0) {
    throw new FileRefused(`FORESIGHT_MAX_MODEL_MB=${setting} is not a positive number of megabytes`);
  }
  return megabytes * 2 ** 20;
}

/**
 * The bytes of a model file: every reader of models (validation, `foresight model`, the editor's
 * model picker, a run's sessions) comes through here first, so a device, named pipe, folder or
 * oversized file is refused before anything is read (runtime/regular-file.ts).
 */
export function readModelFile(file: string): Buffer {
  return readRegularFile(file, { bytes: maxModelBytes(), hint: "model files; FORESIGHT_MAX_MODEL_MB raises it" });
}
