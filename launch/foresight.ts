/**
 * The `foresight` command (bin/foresight.js): the CLI host, with `foresight serve` starting the
 * server host. Launchers are the one place where hosts meet; hosts never import each other.
 */
import { runCli } from "../cli/program.js";
import { startServer } from "../server/start-server.js";

process.exitCode = await runCli(process.argv.slice(2), { startServer });
