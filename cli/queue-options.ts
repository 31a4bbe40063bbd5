import { InvalidArgumentError, type Command } from "commander";
import { counted } from "../protocol/shown-values.js";
import type { EpisodeRunner } from "../runtime/execute-run.js";
import { EXIT, ExitError } from "./exit.js";

/** `foresight run`'s flags for a distributed run (docs/distributed.md). */
export interface QueueFlags {
  /** Redis URL: play the episodes on `foresight worker` processes. */
  queue?: string;
  /** Episodes per job; only with `queue`. */
  batch?: number;
}

/** Episodes per job when --batch is not given: a batch costs about one Redis round trip and a model load. */
export const DEFAULT_BATCH = 20;

function positive(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new InvalidArgumentError(`expected an integer ≥ 1, got "${text}"`);
  return value;
}

/** Adds --queue and --batch to `run`. */
export function withQueueFlags(command: Command): Command {
  return command
    .option("--queue <redis-url>", "play the episodes on `foresight worker` processes through BullMQ on this Redis (docs/distributed.md)")
    // No commander default: a --batch given without --queue must be told from one left out.
    .option("--batch <N>", `episodes per queued job (with --queue; default: ${DEFAULT_BATCH})`, positive);
}

/** Redis unreachable (or not a Redis URL): one line, exit 2. */
export async function probeOrExit(url: string): Promise<void> {
  // BullMQ and ioredis load only for the commands that use them: they cost every other command ~0.1 s.
  const { probeRedis, RedisUnavailable } = await import("../host/queue/redis-connection.js");
  try {
    await probeRedis(url);
  } catch (error) {
    if (error instanceof RedisUnavailable) throw new ExitError(EXIT.invalid, error.message);
    throw error;
  }
}

/** `--batch` sizes the queue's jobs: without `--queue` it would be ignored, so it exits 2 instead. */
export function batchNeedsQueue(flags: Partial<QueueFlags>): void {
  if (flags.batch !== undefined && flags.queue === undefined) throw new ExitError(EXIT.invalid, "--batch sets the episodes of each queued job: give --queue too, or leave --batch out");
}

/**
 * The runner for `run --queue`, once Redis answered. Says on stderr, --quiet or not, the run's id and
 * how to cancel it: it is the run's handle, which a script needs before the run ends.
 */
export async function queueRunner(flags: Partial<QueueFlags> & { workers?: number; quiet?: boolean; fork?: string }, url: string): Promise<EpisodeRunner> {
  if ((flags.workers ?? 1) > 1) throw new ExitError(EXIT.invalid, "--queue plays the episodes on the queue's workers: leave out --workers");
  if (flags.fork !== undefined) throw new ExitError(EXIT.invalid, "--fork plays one episode here: leave out --queue");
  await probeOrExit(url);
  const [{ queuedEpisodes }, { shownUrl }] = await Promise.all([import("../host/queue/queued-episodes.js"), import("../host/queue/redis-connection.js")]);
  // A line said while the progress bar is drawn replaces the bar's line; the bar is drawn again below it.
  const clearLine = process.stderr.isTTY && !flags.quiet ? "\r\x1b[K" : "";
  const say = (line: string) => process.stderr.write(`${clearLine}${line}\n`);
  return queuedEpisodes({
    redisUrl: url,
    batchSize: flags.batch ?? DEFAULT_BATCH,
    log: say,
    onQueued: ({ runId, batches, largest, even }) => {
      const size = `${even ? "" : "up to "}${counted(largest, "episode")}`;
      say(`queued ${runId}: ${counted(batches, "batch", "batches")} of ${size} on ${shownUrl(url)}; stop with Ctrl+C or \`foresight cancel ${runId} --redis ${shownUrl(url)}\``);
    },
  });
}
