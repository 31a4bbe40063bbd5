import { readFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../runtime/package-root.js";

// Found by the engine's module (the engine may not import host code); hosts find it here.
export { packageRoot };

/** The Foresight package's version, from its package.json. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), "package.json"), "utf8")) as { version: string }).version;
}
