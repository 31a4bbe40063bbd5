import { basename } from "node:path";
import type { Command } from "commander";
import { counted } from "../../protocol/shown-values.js";
import { EXIT, ExitError } from "../exit.js";
import { probeOrExit } from "../queue-options.js";

export function registerCancel(program: Command): void {
  program
    .command("cancel <run>")
    .description("cancel a `foresight run --queue` run, named by its run id (its run folder's name) or its run folder: its queued batches are removed, the ones in progress dropped, its keys in Redis deleted")
    .requiredOption("--redis <redis-url>", "required: the Redis the run is queued on")
    .action(async (run: string, flags: { redis: string }) => {
      await probeOrExit(flags.redis);
      // Loaded here, not with the CLI: see probeOrExit.
      const [{ Queue }, { cancelRun }, { EPISODE_QUEUE }, { openRedis, shownUrl }] = await Promise.all([
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
        const { queued, removed, running, outcomes } = await cancelRun(redis, queue, runId);
        // A second cancel finds nothing: the first deleted the run's keys. Said as for a run never queued, so a script can tell.
        if (!queued) throw new ExitError(EXIT.invalid, `no run "${runId}" is queued on ${shownUrl(flags.redis)} (it has ended, was cancelled, or was never queued there)`);
        const outcomesDeleted = outcomes === 1 ? "1 finished batch's outcome deleted" : `${outcomes} finished batches' outcomes deleted`;
        process.stdout.write(`cancelled ${runId}: ${counted(removed, "queued batch", "queued batches")} removed, ${running} in progress dropped, ${outcomesDeleted}\n`);
      } finally {
        await queue.close();
        await redis.quit().catch(() => redis.disconnect());
      }
    });
}
