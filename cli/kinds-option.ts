import type { Command } from "commander";
import { resolve } from "node:path";
import { loadHostKinds, type HostKinds } from "../host/node-kinds.js";
import { EXIT, ExitError } from "./exit.js";

/** `--kinds <module>`, repeatable: node kinds of the user's own beside the built-ins. */
export interface KindsFlags {
  kinds: string[];
}

/** Adds `--kinds` to a command (serve, run, compare, sweep, validate, schema, train, worker). */
export function withKindsFlag<C extends Command>(command: C): C {
  return command.option(
    "--kinds <module>",
    "a JavaScript module whose default export is a node kind or an array of them, beside the built-ins (repeatable)",
    (value: string, all: string[]) => [...all, value],
    [],
  ) as C;
}

/** The modules as the host loads them: file URLs as given, paths resolved against the current folder. */
export function kindModulePaths(modules: readonly string[]): string[] {
  return modules.map((module) => (module.startsWith("file:") ? module : resolve(module)));
}

/** The built-in kinds plus the modules' (loaded once); a module that does not load or exports no kind is exit 2, naming it. */
export async function hostKindsOrExit(modules: readonly string[] = []): Promise<HostKinds> {
  try {
    return await loadHostKinds(kindModulePaths(modules));
  } catch (error) {
    throw new ExitError(EXIT.invalid, (error as Error).message);
  }
}
