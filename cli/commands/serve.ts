import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { InvalidArgumentError, type Command } from "commander";
import { EXIT, ExitError } from "../exit.js";
import { onStopSignals } from "../stop-signals.js";
import { kindModulePaths, withKindsFlag, type KindsFlags } from "../kinds-option.js";

/** What the serve command needs of the server host (server/start-server.ts), handed in by the launcher. */
export type StartServer = (options: { root: string; host: string; port: number; staticDir: string; kindModules: string[] }) => Promise<{
  url: string;
  /** Bound to loopback: only this machine can reach the editor. */
  loopbackOnly: boolean;
  close(): Promise<void>;
}>;

/** The port `foresight serve` listens on unless told otherwise: fixed, so an SSH tunnel (-L 7410:localhost:7410) can be set up once. */
const DEFAULT_PORT = 7410;

/** The built editor, beside this file in dist/ (dist/cli/commands/serve.js → dist/renderer). */
const STATIC_DIR = fileURLToPath(new URL("../../renderer", import.meta.url));

function port(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > 65535) throw new InvalidArgumentError(`expected a port number from 0 to 65535, got "${text}"`);
  return value;
}

export function registerServe(program: Command, startServer: StartServer): void {
  withKindsFlag(program.command("serve"))
    .description("serve the pipeline editor to a browser, with a WebSocket API to files, validation and runs (this machine only unless --host)")
    .option("-p, --port <N>", "port to listen on (0: any free port)", port, DEFAULT_PORT)
    .option("--host <H>", "address to bind; anything but loopback lets other machines reach the editor", "127.0.0.1")
    .option("--root <DIR>", "folder whose pipeline files the editor may open and save; run folders go to <DIR>/runs (default: the current folder)")
    .action(async (flags: { port: number; host: string; root?: string } & KindsFlags) => {
      const root = resolve(flags.root ?? ".");
      const kindModules = kindModulePaths(flags.kinds ?? []);
      let server;
      try {
        server = await startServer({ root, host: flags.host, port: flags.port, staticDir: STATIC_DIR, kindModules });
      } catch (error) {
        // A taken port, a missing root, an address this machine does not have, a kind module that does not load: all the arguments' fault.
        throw new ExitError(EXIT.invalid, (error as Error).message);
      }
      if (!server.loopbackOnly) {
        process.stderr.write(
          `foresight: warning: listening on ${flags.host}, so other machines can reach the editor; whoever has its address (with the token) can open, save and run pipelines under ${root}\n`,
        );
      }
      // Listening for Ctrl+C before the URL is out: whoever reads the URL may stop the server at once.
      const stopped = new Promise<void>((resolve) => {
        const stopListening = onStopSignals(() => {
          stopListening();
          resolve();
        });
      });
      process.stdout.write(`Foresight editor: ${server.url}\n`);
      process.stderr.write("Ctrl+C stops the server (and any run it is playing).\n");
      await stopped;
      await server.close();
    });
}
