import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The Foresight package's folder (the nearest one with package.json), whether this runs from dist/, from source or from the CLI's bundle. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error("cannot find the Foresight package folder (no package.json above runtime/)");
    dir = parent;
  }
  return dir;
}
