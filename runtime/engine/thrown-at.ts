import { join, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { packageRoot } from "../package-root.js";

/** A stack line's place: "    at run (file:///home/me/bonus.mjs:12:11)" or "    at /home/me/bonus.mjs:3:7". */
const FRAME = /^\s*at (?:.*? \()?(.+?):(\d+):(\d+)\)?$/;

/** Foresight's own code folders (sources and their build): frames there are not where a kind's author looks. */
const OWN_FOLDERS = ["bin", "cli", "dist", "electron", "host", "launch", "nodes", "protocol", "runtime", "server", "training", "node_modules"];

let ownFolders: string[] | undefined;
/** The engine's folder (sources and build): a frame there is the engine calling the node, past the node's own frames. */
let engineFolders: string[] | undefined;

/**
 * Where in a user's own code (a kind from --kinds) an error was thrown: the first frame of its stack in
 * a file outside Foresight's code and packages, before the engine's frames that called the node (what
 * called the engine, a test or a program embedding Foresight, is not the node), as "file:line:column";
 * undefined for a built-in kind's error, a script's (its message names its line) or one without a
 * stack. Read only as a node fails.
 */
export function thrownAt(error: unknown): string | undefined {
  if (!(error instanceof Error) || typeof error.stack !== "string") return undefined;
  ownFolders ??= OWN_FOLDERS.map((folder) => join(packageRoot(), folder) + sep);
  engineFolders ??= [join(packageRoot(), "runtime", "engine") + sep, join(packageRoot(), "dist", "runtime", "engine") + sep];
  for (const line of error.stack.split("\n").slice(1)) {
    const frame = FRAME.exec(line);
    if (!frame) continue;
    const file = frame[1]!.startsWith("file://") ? fileURLToPath(frame[1]!) : frame[1]!;
    // node:internal frames, eval'd code, and Foresight's own.
    if (!file.startsWith(sep) && !/^[A-Za-z]:\\/.test(file)) continue;
    if (engineFolders.some((folder) => file.startsWith(folder))) return undefined;
    if (file.includes(`${sep}node_modules${sep}`) || ownFolders.some((folder) => file.startsWith(folder))) continue;
    return `${file}:${frame[2]}:${frame[3]}`;
  }
  return undefined;
}
