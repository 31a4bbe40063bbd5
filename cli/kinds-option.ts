import type { Command } from "commander";
import { statSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadHostKinds, type HostKinds } from "../host/node-kinds.js";
import { EXIT, ExitError } from "./exit.js";
import { collectRepeated } from "./repeatable-option.js";

/** `--kinds <module>`, repeatable: node kinds of the user's own beside the built-ins; absent when none is given. */
export interface KindsFlags {
  kinds?: string[];
}

/** Adds `--kinds` to a command (serve, run, compare, sweep, validate, schema, train, worker). */
export function withKindsFlag<C extends Command>(command: C): C {
  return command.option(
    "--kinds <module>",
    "node kinds of your own (a kind is a type of pipeline node, as the built-in environments, policies and scorers are): a JavaScript module whose default export is a kind or an array of them (repeatable; README, Adding a node kind)",
    collectRepeated,
  ) as C;
}

/** The modules as the host loads them: file URLs as given, paths resolved against the current folder; exit 2 for one that is not there or not a file. */
export function kindModulePaths(modules: readonly string[]): string[] {
  const paths = modules.map((module) => (module.startsWith("file:") ? module : resolve(module)));
  checkModulesExist(modules, paths);
  return paths;
}

/**
 * Exit 2 for a module that is not there (or not a file), naming it as typed and where a relative path led: Node's own
 * error names the importer, which in the bundled command is a chunk of dist/cli-bundle/.
 */
function checkModulesExist(modules: readonly string[], paths: readonly string[]): void {
  for (const [i, path] of paths.entries()) {
    let file;
    try {
      file = path.startsWith("file:") ? fileURLToPath(path) : path;
    } catch {
      continue; // a URL Node cannot read as a path: its loader says why
    }
    const stats = statSync(file, { throwIfNoEntry: false });
    if (stats?.isFile()) continue;
    const given = modules[i]!;
    // A folder fails to import anyway; a named pipe would hang the import.
    if (stats) throw new ExitError(EXIT.invalid, `--kinds ${given}: ${file} is not a file (a node kind module is a JavaScript file)`);
    const relative = !given.startsWith("file:") && !isAbsolute(given);
    throw new ExitError(EXIT.invalid, `--kinds ${given}: no such file ${file}${relative ? ` (a relative path is resolved from the current folder, ${process.cwd()})` : ""}`);
  }
}

/** The built-in kinds plus the modules' (loaded once); a module that is not there, does not load or exports no kind is exit 2, naming it. */
export async function hostKindsOrExit(modules: readonly string[] = []): Promise<HostKinds> {
  const paths = kindModulePaths(modules);
  try {
    return await loadHostKinds(paths);
  } catch (error) {
    throw new ExitError(EXIT.invalid, (error as Error).message);
  }
}
