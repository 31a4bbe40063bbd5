import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { shardFolder } from "../../runtime/run-folder.js";
import type { BatchOutcome } from "./batch-job.js";

/**
 * Writes a batch's files as the run folder's `shards/<batch>/`, as a parallel run's shards are
 * (runtime/run-folder.ts `writerFolders` reads them in order): into `shards/<batch>.partial/`, then
 * renamed, so a shard is there whole or not at all, and a batch collected twice is written once.
 */
export function writeBatchShard(runDir: string, outcome: BatchOutcome): void {
  if (outcome.files.length === 0) return;
  const shard = shardFolder(runDir, outcome.batch);
  if (existsSync(shard)) return;
  const partial = `${shard}.partial`;
  rmSync(partial, { recursive: true, force: true });
  for (const file of outcome.files) {
    const target = resolve(partial, file.path);
    const inside = relative(partial, target);
    if (inside.startsWith("..") || resolve(partial, inside) !== target) throw new Error(`batch ${outcome.batch}: file "${file.path}" points outside its shard`);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.bytes);
  }
  renameSync(partial, shard);
}
