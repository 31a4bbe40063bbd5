import { existsSync } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { dirname, relative, resolve } from "node:path";
import { shardFolder } from "../../runtime/run-folder.js";
import type { BatchOutcome } from "./batch-job.js";

/**
 * Writes a batch's files as the run folder's `shards/<batch>/`, as a parallel run's shards are
 * (runtime/run-folder.ts `writerFolders` reads them in order): into `shards/<batch>.partial/`, then
 * renamed, so a shard is there whole or not at all, and a batch collected twice is written once.
 * Asynchronous: creating a shard's folders and files took the producer's thread ~10 ms a batch on
 * ext4 here (it waits on the disk's journal), time it now spends taking in the next batches.
 */
export async function writeBatchShard(runDir: string, outcome: BatchOutcome): Promise<void> {
  if (outcome.files.length === 0) return;
  const shard = shardFolder(runDir, outcome.batch);
  if (existsSync(shard)) return;
  const partial = `${shard}.partial`;
  const files = outcome.files.map((file) => {
    const target = resolve(partial, file.path);
    const inside = relative(partial, target);
    if (inside.startsWith("..") || resolve(partial, inside) !== target) throw new Error(`batch ${outcome.batch}: file "${file.path}" points outside its shard`);
    return { target, bytes: file.bytes };
  });
  await rm(partial, { recursive: true, force: true });
  for (const folder of new Set(files.map((file) => dirname(file.target)))) await mkdir(folder, { recursive: true });
  await Promise.all(files.map((file) => writeFile(file.target, file.bytes)));
  await rename(partial, shard);
}
