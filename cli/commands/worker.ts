import { homedir } from "node:os";
import { join } from "node:path";
import { InvalidArgumentError, type Command } from "commander";
import { makeFolder } from "../../runtime/output-paths.js";
import { hostKindsOrExit, withKindsFlag, type KindsFlags } from "../kinds-option.js";
import { pathFlagOrExit } from "../path-flag.js";
import { probeOrExit } from "../queue-options.js";
import { onStopSignals } from "../stop-signals.js";

interface WorkerFlags extends KindsFlags {
  redis: string;
  cache: string;
  scratch?: string;
  name?: string;
  lockDuration: number;
  stalledInterval: number;
  maxStalled: number;
  quiet?: boolean;
}

function milliseconds(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 100) throw new InvalidArgumentError(`expected milliseconds ≥ 100, got "${text}"`);
  return value;
}

function count(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new InvalidArgumentError(`expected an integer ≥ 0, got "${text}"`);
  return value;
}

/** Where a worker keeps models by hash and its batches in progress, unless told. */
function defaultCache(): string {
  return join(process.env["XDG_CACHE_HOME"] || join(homedir(), ".cache"), "foresight", "worker");
}

export function registerWorker(program: Command): void {
  withKindsFlag(program.command("worker"))
    .description("play queued episode batches of `foresight run --queue` runs until stopped (Ctrl+C finishes the batches it holds)")
    .requiredOption("--redis <redis-url>", "required: the Redis the runs are queued on, e.g. redis://host:6379")
    .option("--cache <dir>", "folder for the models, by hash (may be shared by workers)", defaultCache())
    .option("--scratch <dir>", "folder the batches play in, their files deleted once sent (default /dev/shm where there is one, else the temporary folder)")
    .option("--name <name>", "this worker's name in logs and on its jobs (default host:pid)")
    .option("--lock-duration <ms>", "a batch whose worker is silent this long is handed to another worker", milliseconds, 30_000)
    .option("--stalled-interval <ms>", "how often to look for batches whose worker was lost", milliseconds, 30_000)
    .option("--max-stalled <N>", "times a batch may be taken back from lost workers before it fails", count, 2)
    .option("-q, --quiet", "no line per batch")
    .action(async (flags: WorkerFlags) => {
      // Loaded here first, so a module that does not load is a one-line error; the episode thread loads them again.
      const { modules } = await hostKindsOrExit(flags.kinds);
      await probeOrExit(flags.redis);
      // After Redis answered (a worker that cannot reach it leaves no folder behind), before any batch is
      // taken: a worker that cannot store its models or play in its scratch folder would fail every batch it took.
      pathFlagOrExit("--cache", flags.cache, makeFolder);
      if (flags.scratch) pathFlagOrExit("--scratch", flags.scratch, makeFolder);
      // Loaded here, not with the CLI: see probeOrExit.
      const [{ EpisodeConsumer }, { shownUrl }] = await Promise.all([import("../../host/queue/episode-consumer.js"), import("../../host/queue/redis-connection.js")]);
      const say = (line: string) => process.stderr.write(`${line}\n`);
      const consumer = new EpisodeConsumer({
        redisUrl: flags.redis,
        cacheDir: flags.cache,
        lockDuration: flags.lockDuration,
        stalledInterval: flags.stalledInterval,
        maxStalledCount: flags.maxStalled,
        ...(flags.name ? { name: flags.name } : {}),
        ...(flags.scratch ? { scratchDir: flags.scratch } : {}),
        kindModules: modules,
        log: flags.quiet ? (line) => void (line.startsWith("batch ") || say(line)) : say,
      });
      await consumer.ready();
      say(`worker ${consumer.name} takes batches from ${shownUrl(flags.redis)} (cache ${flags.cache})`);
      await new Promise<void>((resolve) => {
        let stopping = false;
        const stop = () => {
          if (stopping) {
            // A second Ctrl+C leaves at once; BullMQ's stalled-job checker hands the batches it held to other workers.
            say(`worker ${consumer.name} left its batches to the queue`);
            // Once its episode thread has ended: exiting while that thread is inside a native call aborts the process.
            void consumer
              .leave()
              .catch(() => {})
              .finally(() => process.exit(130));
            return;
          }
          stopping = true;
          say(`worker ${consumer.name} stopping after the batches it holds (Ctrl+C again: leave them to the queue now)`);
          void consumer.close().then(resolve);
        };
        onStopSignals(stop);
      });
    });
}
