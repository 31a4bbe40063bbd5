import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { remoteEnvironment, shippedPythonFolder } from "../nodes/environment/external/index.js";
import { FIXTURES, PLAIN_PYTHON } from "./fixtures/external-env/python.js";

/** The Python scripts docs/environment-protocol.md shows for serving from a script, in the order written. */
function documentedScripts(): string[] {
  const doc = readFileSync("docs/environment-protocol.md", "utf8");
  return [...doc.matchAll(/```python\n([\s\S]*?)```/g)].map((match) => match[1]!).filter((script) => script.includes("from foresight_env import"));
}

const folder = mkdtempSync(join(tmpdir(), "docs-scripts-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
// The docs' `my_env.Corridor`: the counter environment stands in (standard library only).
writeFileSync(join(folder, "my_env.py"), "from counter_env import CounterEnv as Corridor\n");
const env = { ...process.env, PYTHONPATH: [shippedPythonFolder(), FIXTURES].join(delimiter) };

describe("docs/environment-protocol.md's scripts", () => {
  it("shows serve_websocket and serve_http imported from foresight_env itself", () => {
    const scripts = documentedScripts();
    expect(scripts.map((script) => /from foresight_env import (\w+)/.exec(script)![1])).toEqual(["serve_websocket", "serve_http"]);
  });

  it("imports everything foresight_env's __all__ names from the package's top level", () => {
    const result = spawnSync(PLAIN_PYTHON, ["-c", "import foresight_env; from foresight_env import *; print(sorted(foresight_env.__all__))"], { env, encoding: "utf8" });
    expect(result.stderr).toBe("");
    expect(result.stdout.trim()).toBe("['PROTOCOL_VERSION', 'load_env', 'serve', 'serve_http', 'serve_websocket']");
  });

  it.each(documentedScripts())("runs as written (on a free loopback port) and serves the environment:\n%s", async (script) => {
    const server = spawn(PLAIN_PYTHON, ["-c", script.replace(/"0\.0\.0\.0:\d+"/, '"127.0.0.1:0"')], { cwd: folder, env, stdio: ["ignore", "ignore", "pipe"] });
    try {
      let stderr = "";
      server.stderr!.setEncoding("utf8");
      const url = await new Promise<string>((resolve, reject) => {
        server.stderr!.on("data", (text: string) => {
          stderr += text;
          const found = /serving Corridor on ((?:ws|http):\/\/[\d.]+:\d+)/.exec(stderr);
          if (found) resolve(found[1]!);
        });
        server.once("exit", (code) => reject(new Error(`the script exited (${code}) before serving: ${stderr}`)));
      });
      const corridor = remoteEnvironment.create(remoteEnvironment.params.parse({ name: "remote", url }), { pipelineDir: ".", purpose: "run" });
      try {
        expect(corridor.reset(1)).toBe(0);
        expect(corridor.step(1).observation).toBe(1);
      } finally {
        corridor.close!();
      }
    } finally {
      server.kill("SIGKILL");
      await once(server, "exit");
    }
  });
});
