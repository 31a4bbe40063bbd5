import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { gymnasiumEnvironment, processEnvironment, remoteEnvironment, shippedPythonFolder } from "../nodes/environment/external/index.js";
import type { Environment } from "../runtime/environment.js";
import { PLAIN_PYTHON } from "./fixtures/external-env/python.js";
import { GYM_PYTHON, gymnasium, needs } from "./fixtures/requirements.js";

/** The Python scripts docs/environment-protocol.md shows for serving from a script, in the order written. */
function documentedScripts(): string[] {
  const doc = readFileSync("docs/environment-protocol.md", "utf8");
  return [...doc.matchAll(/```python\n([\s\S]*?)```/g)].map((match) => match[1]!).filter((script) => script.includes("from foresight_env import") && !script.includes("class Corridor"));
}

/** The environment params docs/environment-protocol.md shows for its `my_env` Corridor, with `python3` as the test's Python with Gymnasium. */
function documentedCorridorParams(): Record<string, unknown>[] {
  const doc = readFileSync("docs/environment-protocol.md", "utf8");
  const blocks = [...doc.matchAll(/```json\n([\s\S]*?)```/g)].map((match) => match[1]!).filter((block) => block.includes("my_env"));
  return blocks.map((block) => JSON.parse(block.replaceAll('"python3"', JSON.stringify(GYM_PYTHON))) as Record<string, unknown>);
}

/** The docs' own Corridor (docs/corridor/my_env.py), which every route runs from its folder. */
const CORRIDOR_FOLDER = resolve("docs/corridor");
const env = { ...process.env, PYTHONPATH: shippedPythonFolder() };
const withGymnasium = needs(gymnasium());

/** Walks the Corridor one cell right from the start, and closes it. */
function walkOneCell(corridor: Environment): void {
  try {
    expect(corridor.reset(1)).toBe(0);
    expect(corridor.step(1)).toMatchObject({ observation: 1, reward: -1, terminated: false });
  } finally {
    corridor.close!();
  }
}

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

  it("shows docs/corridor/my_env.py whole, as shipped", () => {
    expect(readFileSync("docs/environment-protocol.md", "utf8")).toContain("```python\n" + readFileSync(resolve(CORRIDOR_FOLDER, "my_env.py"), "utf8") + "```");
  });

  it("shows the Corridor run as a process, as a script and through foresight_env, and both run it", withGymnasium, () => {
    const routes = documentedCorridorParams();
    expect(routes.map((params) => params["command"])).toEqual([
      [GYM_PYTHON, "my_env.py"],
      [GYM_PYTHON, "-m", "foresight_env", "my_env:Corridor", "--kwargs", '{"length": 5}'],
    ]);
    for (const params of routes) walkOneCell(processEnvironment.create(processEnvironment.params.parse(params), { pipelineDir: CORRIDOR_FOLDER, purpose: "run" }));
  });

  it("runs the Corridor through the gymnasium environment as my_env:Corridor-v0, as the doc names it", withGymnasium, () => {
    expect(readFileSync("docs/environment-protocol.md", "utf8")).toContain('`"id": "my_env:Corridor-v0"`');
    const params = gymnasiumEnvironment.params.parse({ name: "gymnasium", id: "my_env:Corridor-v0", python: GYM_PYTHON });
    walkOneCell(gymnasiumEnvironment.create(params, { pipelineDir: CORRIDOR_FOLDER, purpose: "run" }));
  });

  it.each(documentedScripts())("runs as written (on a free loopback port) and serves the environment:\n%s", withGymnasium, async (script) => {
    const server = spawn(GYM_PYTHON, ["-c", script.replace(/"0\.0\.0\.0:\d+"/, '"127.0.0.1:0"')], { cwd: CORRIDOR_FOLDER, env, stdio: ["ignore", "ignore", "pipe"] });
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
      walkOneCell(remoteEnvironment.create(remoteEnvironment.params.parse({ name: "remote", url }), { pipelineDir: ".", purpose: "run" }));
    } finally {
      server.kill("SIGKILL");
      await once(server, "exit");
    }
  });
});
