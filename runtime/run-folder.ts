import { existsSync, mkdirSync } from "node:fs";
import { basename, join } from "node:path";

/** "gridworld-vgps.foresight.json" → "gridworld-vgps". */
export function pipelineBaseName(file: string): string {
  return basename(file).replace(/\.foresight\.json$/, "").replace(/\.json$/, "");
}

function timestamp(date: Date): string {
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  return (
    `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}-` +
    `${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}-${pad(date.getMilliseconds(), 3)}`
  );
}

/**
 * Makes `<base>/<name>-<timestamp>/` (adding -2, -3 … if two runs start in the same
 * millisecond) and returns its path; the folder name doubles as the run id.
 */
export function createRunFolder(base: string, name: string, now = new Date()): string {
  mkdirSync(base, { recursive: true });
  const stem = join(base, `${name}-${timestamp(now)}`);
  let dir = stem;
  for (let n = 2; existsSync(dir); n++) dir = `${stem}-${n}`;
  mkdirSync(dir);
  return dir;
}
