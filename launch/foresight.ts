/**
 * The `foresight` command (bin/foresight.js): the CLI host, with `foresight serve` starting the
 * server host. Launchers are the one place where hosts meet; hosts never import each other.
 */
import { endWhenReaderLeaves } from "../cli/closed-pipe.js";
import { prestartEpisodeWorkers, workersToPrestart } from "../host/episode-worker-standby.js";

endWhenReaderLeaves(process.stdout);
endWhenReaderLeaves(process.stderr);

// `run --workers N`: the worker threads load their modules while this thread loads the CLI's (host/episode-worker-standby.ts).
prestartEpisodeWorkers(workersToPrestart(process.argv.slice(2)));
const { runCli } = await import("../cli/program.js");

// The server loads only for `foresight serve`: every other command would pay ~0.1 s for its modules.
const startServer = async (...args: Parameters<typeof import("../server/start-server.js").startServer>) => (await import("../server/start-server.js")).startServer(...args);

process.exitCode = await runCli(process.argv.slice(2), { startServer });
