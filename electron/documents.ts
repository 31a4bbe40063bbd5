import { basename, dirname, isAbsolute, resolve } from "node:path";
import { PIPELINE_SUFFIX } from "../host/editor-api/pipeline-files.js";
import type { Reply } from "../protocol/index.js";

/**
 * The pipeline files a command line names (first start on Windows/Linux, a second instance, the
 * OS opening a file with the app): arguments ending in ".foresight.json", resolved against the
 * folder the command ran in. Flags and the app's own path are not files.
 */
export function filesFromArgv(argv: readonly string[], cwd: string): string[] {
  return argv
    .filter((arg) => !arg.startsWith("-") && arg.toLowerCase().endsWith(PIPELINE_SUFFIX))
    .map((arg) => (isAbsolute(arg) ? arg : resolve(cwd, arg)));
}

/** The files of a drop the app opens: absolute pipeline files only (webUtils gives "" for what is not a real file). */
export function droppedPipelineFiles(paths: unknown): string[] {
  if (!Array.isArray(paths)) return [];
  return paths.filter((path): path is string => typeof path === "string" && isAbsolute(path) && path.toLowerCase().endsWith(PIPELINE_SUFFIX)).slice(0, 20);
}

/** What closing a window with unsaved changes asks (dialog.showMessageBox options). */
export function unsavedChangesPrompt(name: string) {
  return {
    type: "warning" as const,
    buttons: ["Save", "Don't Save", "Cancel"],
    defaultId: 0,
    cancelId: 2,
    noLink: true,
    message: `Do you want to save the changes you made to ${name}?`,
    detail: "Your changes will be lost if you don't save them.",
  };
}

/** What Save As asks when the file it will write (the name typed, plus the suffix) already exists: the system's dialog asked about the name typed. */
export function replaceFilePrompt(path: string) {
  return {
    type: "warning" as const,
    buttons: ["Replace", "Cancel"],
    defaultId: 1,
    cancelId: 1,
    noLink: true,
    message: `"${basename(path)}" already exists. Do you want to replace it?`,
    detail: `A file with the same name already exists in ${dirname(path)}. Replacing it overwrites its contents.`,
  };
}

/** The replace prompt's answer (the button's index) as what to do. */
export function replaceDecision(response: number): "replace" | "cancel" {
  return response === 0 ? "replace" : "cancel";
}

/** The prompt's answer (the button's index) as what to do. */
export function closeDecision(response: number): "save" | "discard" | "cancel" {
  return response === 0 ? "save" : response === 1 ? "discard" : "cancel";
}

/**
 * Whether a bridge call's reply is a save that did not happen: it failed, or found the file changed
 * on disk (the page then asks). A close waiting for the save ("Save" in the close prompt) gives up,
 * or a later save would close the window unasked.
 */
export function saveFellThrough(method: unknown, reply: Reply): boolean {
  if (method !== "saveFile") return false;
  return "error" in reply || (typeof reply.result === "object" && reply.result !== null && "conflict" in reply.result);
}

/** Whether a bridge call's reply is the page failing to read `opening`, the file it was sent to open (it stays untitled). */
export function openFellThrough(method: unknown, params: unknown, reply: Reply, opening: string): boolean {
  return method === "readFile" && "error" in reply && typeof params === "object" && params !== null && "path" in params && params.path === opening;
}

/** The window's title: the document's name, marked while it has unsaved changes (as the browser tab's). */
export function windowTitle(name: string, dirty: boolean): string {
  return `${dirty ? "● " : ""}${name} — Foresight`;
}

/** "pipeline" or "pipeline.json" → "pipeline.foresight.json" (a Save dialog may drop the double extension). */
export function withPipelineSuffix(path: string): string {
  if (path.toLowerCase().endsWith(PIPELINE_SUFFIX)) return path;
  return `${path.replace(/\.json$/i, "")}${PIPELINE_SUFFIX}`;
}
