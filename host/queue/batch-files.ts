import { existsSync, readdirSync, rmSync } from "node:fs";
import { mkdir, open, readFile, rename, rm, writeFile, type FileHandle } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { JoinedParquetFile } from "../../nodes/dataset/index.js";
import { RUN_FOLDER, runFolderNameTaken, shardFolder } from "../../runtime/run-folder.js";
import { allEnded } from "../../runtime/all-ended.js";
import type { BatchOutcome } from "./batch-job.js";

type BatchFile = BatchOutcome["files"][number];

/** How a batch's file joins the run's: appended (JSON Lines), joined by row groups (Parquet), or kept in the batch's shard. */
function joinedAs(path: string): "appended" | "joined" | "kept" {
  if (path.endsWith(".jsonl")) return "appended";
  if (path.endsWith(".parquet")) return "joined";
  return "kept";
}

/**
 * A queued run's files, made as a local run's are: one dataset in the run folder, in episode order
 * (docs/distributed.md, "The run folder of a queued run"). Each batch's JSON Lines are appended to
 * the run's files and its Parquet files joined into the run's by their row groups
 * (JoinedParquetFile: nothing decoded or encoded again), batch after batch in episode order. A batch
 * that comes back before one ahead of it waits in `shards/<batch>/`, on disk (a lost worker's batch
 * comes back only after its lock runs out, while others keep coming), until its turn. Other files
 * (no node writes any today) stay in `shards/<batch>/`. Everything is written in the background,
 * one batch at a time; `finish` says when it all is.
 */
export class BatchFiles {
  /** The next batch in episode order whose files go into the run's. */
  private next = 0;
  /** Batches waiting in their shard for their turn, with the files they left there. */
  private readonly waiting = new Map<number, string[]>();
  private readonly parquet = new Map<string, JoinedParquetFile>();
  private readonly appended = new Map<string, FileHandle>();
  private work: Promise<void> = Promise.resolve();

  constructor(private readonly runDir: string) {}

  /** Takes a batch's files in (each batch once; a failed write fails `finish`). */
  take(outcome: BatchOutcome): void {
    this.queue(() => (outcome.batch === this.next ? this.join(outcome.batch, outcome.files) : this.hold(outcome)));
  }

  /** Resolves once everything taken in so far is written (joined, or waiting in its shard). */
  async settled(): Promise<void> {
    await this.work;
  }

  /**
   * Resolves once every batch taken in is in the run's files: the ones still waiting (a stopped or
   * failed run's batches after a gap) in episode order, the Parquet files joined into one each;
   * rejects with the first write that failed.
   */
  async finish(): Promise<void> {
    this.queue(async () => {
      // One at a time from the lowest: joining one also joins the batches waiting right behind it.
      while (this.waiting.size > 0) await this.joinWaiting(Math.min(...this.waiting.keys()));
      for (const file of this.parquet.values()) await file.close();
      this.parquet.clear();
      const shards = join(this.runDir, RUN_FOLDER.shards);
      if (existsSync(shards) && readdirSync(shards).length === 0) rmSync(shards, { recursive: true });
    });
    try {
      await this.work;
    } finally {
      for (const file of this.appended.values()) await file.close();
      this.appended.clear();
    }
  }

  private queue(task: () => Promise<void>): void {
    this.work = this.work.then(task);
    // Reported by finish(); until then a failed write must not count as unhandled.
    this.work.catch(() => {});
  }

  /** Joins batch `batch`'s files into the run's, then the batches waiting right behind it. */
  private async join(batch: number, files: readonly BatchFile[]): Promise<void> {
    await writeWhole(shardFolder(this.runDir, batch), files.filter((file) => joinedAs(file.path) === "kept"), batch);
    // Every path checked before anything is written: a refused one leaves the run's files as they were.
    const targets = files.map((file) => ({ target: inside(this.runDir, file.path, batch), how: joinedAs(file.path), bytes: file.bytes }));
    // Each file goes to a file of its own: the writes need not wait for one another, but a failed one
    // is reported only once every other has ended (none still writing when finish() rejects).
    await allEnded(
      targets.map(async ({ target, how, bytes }) => {
        if (how === "appended") await this.append(target, bytes);
        else if (how === "joined") await this.parquetFile(target).add(batch, bytes);
      }),
    );
    this.next = batch + 1;
    while (this.waiting.has(this.next)) await this.joinWaiting(this.next);
  }

  /** Appends to a file kept open for the run (opening it per batch cost as much as the write). */
  private async append(target: string, bytes: Uint8Array): Promise<void> {
    let file = this.appended.get(target);
    if (!file) {
      await mkdir(dirname(target), { recursive: true });
      this.appended.set(target, (file = await open(target, "a")));
    }
    // A write to a regular file is whole unless the disk fills up; loop for that case rather than lose the tail.
    for (let written = 0; written < bytes.length; ) written += (await file.write(bytes, written)).bytesWritten;
  }

  private parquetFile(target: string): JoinedParquetFile {
    let joined = this.parquet.get(target);
    if (!joined) this.parquet.set(target, (joined = new JoinedParquetFile(target)));
    return joined;
  }

  /** Keeps a batch that came early in its shard (whole or not at all), until its turn. */
  private async hold(outcome: BatchOutcome): Promise<void> {
    await writeWhole(shardFolder(this.runDir, outcome.batch), outcome.files, outcome.batch);
    this.waiting.set(outcome.batch, outcome.files.filter((file) => joinedAs(file.path) !== "kept").map((file) => file.path));
  }

  private async joinWaiting(batch: number): Promise<void> {
    const shard = shardFolder(this.runDir, batch);
    const paths = this.waiting.get(batch)!;
    this.waiting.delete(batch);
    const files = await Promise.all(paths.map(async (path) => ({ path, bytes: await readFile(join(shard, path)) })));
    // Only its appended and joined files waited (hold): a kept one is in its shard already.
    await this.join(batch, files);
    await Promise.all(paths.map((path) => rm(join(shard, path))));
    removeEmptyFolders(shard);
  }
}

/** Writes `files` as `folder`'s: into `<folder>.partial/`, then renamed, so the folder is there whole or not at all. */
async function writeWhole(folder: string, files: readonly BatchFile[], batch: number): Promise<void> {
  if (files.length === 0) return;
  const partial = `${folder}.partial`;
  await rm(partial, { recursive: true, force: true });
  const targets = files.map((file) => ({ target: inside(partial, file.path, batch), bytes: file.bytes }));
  for (const dir of new Set(targets.map((t) => dirname(t.target)))) await mkdir(dir, { recursive: true });
  await allEnded(targets.map((t) => writeFile(t.target, t.bytes)));
  await rename(partial, folder);
}

/** `path` under `folder`; a path that climbs out of it, or names one of the run folder's own files, is refused. */
function inside(folder: string, path: string, batch: number): string {
  const target = resolve(folder, path);
  const within = relative(folder, target);
  if (within === "" || within.startsWith("..") || resolve(folder, within) !== target || runFolderNameTaken(within) !== undefined) {
    throw new Error(`batch ${batch}: file "${path}" points outside its dataset folders`);
  }
  return target;
}

/** Removes `folder` and the folders in it when no file is left there. */
function removeEmptyFolders(folder: string): void {
  if (!existsSync(folder)) return;
  const files = readdirSync(folder, { recursive: true, withFileTypes: true }).filter((entry) => !entry.isDirectory());
  if (files.length === 0) rmSync(folder, { recursive: true });
}
