import { spawn, type ChildProcess } from "node:child_process";

/** The compiled CLI (benches run from dist/bench). */
const BIN = new URL("../../bin/foresight.js", import.meta.url).pathname;

/**
 * Starts `foresight serve --root <root>` on a free port; resolves with the printed editor URL (token
 * included). `bin`: another build's CLI (a bench comparing it with this one), else this build's.
 */
export function serveEditor(root: string, bin = BIN): Promise<{ server: ChildProcess; url: string }> {
  const server = spawn(process.execPath, [bin, "serve", "--root", root, "--port", "0"], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let out = "";
    server.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /http:\/\/\S+\?token=\S+/.exec(out);
      if (match) resolve({ server, url: match[0] });
    });
    server.once("exit", (code) => reject(new Error(`foresight serve exited (${code}) before printing its address`)));
  });
}
