import type { Problem } from "./problem.js";
import { CURRENT_VERSION, FORMAT_TAG } from "./schema.js";

/** Upgrades a file from `from` to `from + 1`. */
export interface Migration {
  from: number;
  up(doc: Record<string, unknown>): Record<string, unknown>;
}

/**
 * The migration sequence, oldest first; a change to the format adds one entry here and bumps
 * CURRENT_VERSION (protocol/canvas-items.ts).
 */
export const migrations: readonly Migration[] = [
  // 2 adds `notes` and `groups` (both optional, empty when absent): a version-1 file is a version-2 one as it is.
  { from: 1, up: (doc) => doc },
];

export type MigrationResult = { ok: true; doc: Record<string, unknown>; from: number } | { ok: false; problem: Problem };

/** Brings a parsed file to the current version, one step at a time. */
export function migrate(
  doc: Record<string, unknown>,
  steps: readonly Migration[] = migrations,
  current: number = CURRENT_VERSION,
): MigrationResult {
  const version = doc["version"];
  if (typeof version !== "number" || !Number.isInteger(version) || version < 1) {
    // Some other JSON file (a package.json): named as that, not as a pipeline of a bad version.
    if (doc["format"] !== FORMAT_TAG) {
      const format = "format" in doc ? `its "format" is ${JSON.stringify(doc["format"])}` : `it has no "format"`;
      const message = `not a Foresight pipeline file: ${format} (a pipeline file has "format": "${FORMAT_TAG}" and a "version")`;
      return { ok: false, problem: { code: "bad-format", pointer: "/format", message } };
    }
    return {
      ok: false,
      problem: { code: "unsupported-version", pointer: "/version", message: `version must be a positive integer (this build writes ${current})` },
    };
  }
  if (version > current) {
    return {
      ok: false,
      problem: {
        code: "unsupported-version",
        pointer: "/version",
        message: `the file is version ${version}, made by a newer Foresight; this build reads versions up to ${current}`,
      },
    };
  }
  let upgraded = doc;
  for (let v = version; v < current; v++) {
    const step = steps.find((m) => m.from === v);
    if (!step) {
      return { ok: false, problem: { code: "unsupported-version", pointer: "/version", message: `no migration from version ${v}` } };
    }
    upgraded = { ...step.up(upgraded), version: v + 1 };
  }
  return { ok: true, doc: upgraded, from: version };
}
