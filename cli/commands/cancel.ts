import { basename } from "node:path";
import type { Command } from "commander";
import { EXIT, ExitError } from "../exit.js";
import { probeOrExit } from "../queue-options.js";

export function registerCancel(program: Command): void {
  program
    .command("cancel <run>")
    .description("cancel a `foresight run --queue` run: its queued batches are removed, the ones in progress dropped")
    .requiredOption("--redis <redis-url>", "the Redis the run is queued on")
    .action(async (run: string, flags: { redis: string }) => {
      await probeOrExit(flags.redis);
      // Loaded here, not with the CLI: see probeOrExit.
      const [{ Queue }, { cancelRun, isQueued }, { EPISODE_QUEUE }, { openRedis, shownUrl }] = await Promise.all([
        import("bullmq"),
        import("../../host/queue/cancel-run.js"),
        import("../../host/queue/names.js"),
        import("../../host/queue/redis-connection.js"),
      ]);
      // The run id is its run folder's name: a path to the folder will do.
      const runId = basename(run.replace(/[/\\]+$/, ""));
      const redis = openRedis(flags.redis);
      const queue = new Queue(EPISODE_QUEUE, { connection: redis });
      try {
        if (!(await isQueued(redis, runId))) throw new ExitError(EXIT.invalid, `no run "${runId}" is queued on ${shownUrl(flags.redis)}`);
        const { removed, running } = await cancelRun(redis, queue, runId);
        process.stdout.write(`cancelled ${runId}: ${removed} queued ${removed === 1 ? "batch" : "batches"} removed, ${running} in progress dropped\n`);
      } finally {
        await queue.close();
        await redis.quit().catch(() => redis.disconnect());
      }
    });
}
