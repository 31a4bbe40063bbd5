import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { headlessArgs } from "../electron/headless.js";
import { BIN, runAsync, tempDir, type Finished } from "./fixtures/foresight-process.js";

/** The desktop app's main entry as `foresight-app …` runs it, under plain Node with a fake electron module. */
const MAIN = join(process.cwd(), "dist/launch/desktop.js");
const REGISTER = join(process.cwd(), "test/fixtures/fake-electron/register.mjs");

function app(...args: string[]): Promise<Finished> {
  return runAsync(process.execPath, ["--import", REGISTER, MAIN, ...args]);
}

function foresight(...args: string[]): Promise<Finished> {
  return runAsync(process.execPath, [BIN, ...args]);
}

/** The run folder's name carries the start time, and speeds vary: the rest of the output must be the same. */
const sameRun = (text: string, out: string) =>
  text
    .replaceAll(out, "<out>")
    .replace(/gridworld-vgps-[0-9-]+/g, "<run>")
    .replace(/steps\/s( +)[\d,]+/, "steps/s$1<n>")
    .replace(/\d[\d.]* (ms|µs|ns)/g, "<t>");

describe("foresight-app --headless", () => {
  it("turns what follows --headless into `foresight run …`; no flag, no headless", () => {
    expect(headlessArgs(["/opt/Foresight/foresight", "--headless", "p.foresight.json", "--episodes", "100"])).toEqual(["run", "p.foresight.json", "--episodes", "100"]);
    expect(headlessArgs(["electron", ".", "--no-sandbox", "--headless", "p.foresight.json"])).toEqual(["run", "p.foresight.json"]);
    expect(headlessArgs(["electron", ".", "--headless"])).toEqual(["run"]);
    expect(headlessArgs(["/opt/Foresight/foresight", "p.foresight.json"])).toBeNull();
  });

  it("runs a pipeline like `foresight run`: same table on stdout, same stderr, exit 0, no window", async () => {
    const outApp = tempDir("headless-app");
    const outCli = tempDir("headless-cli");
    const flags = ["--episodes", "20", "--seed", "1"];
    const [viaApp, viaCli] = await Promise.all([
      app("--headless", "examples/gridworld-vgps.foresight.json", ...flags, "--out", outApp),
      foresight("run", "examples/gridworld-vgps.foresight.json", ...flags, "--out", outCli),
    ]);
    expect(viaApp.stderr).not.toContain("fake-electron");
    expect(viaApp.code).toBe(0);
    expect(viaCli.code).toBe(0);
    expect(viaApp.stdout).toContain("success rate");
    expect(sameRun(viaApp.stdout, outApp)).toBe(sameRun(viaCli.stdout, outCli));
    expect(sameRun(viaApp.stderr, outApp)).toBe(sameRun(viaCli.stderr, outCli));
  });

  it("(the fake electron catches a windowed start: without --headless the entry goes for the app and its windows)", async () => {
    const windowed = await app("examples/gridworld-vgps.foresight.json");
    expect(windowed.code).toBe(99);
    expect(windowed.stderr).toMatch(/^fake-electron: headless mode used app\./);
  });

  it("prints the same JSON summary with --json (the episodes' results are identical)", async () => {
    const out = tempDir("headless-json");
    const [viaApp, viaCli] = await Promise.all([
      app("--headless", "examples/gridworld-policy-only.foresight.json", "--episodes", "10", "--seed", "4", "--json", "--out", join(out, "a")),
      foresight("run", "examples/gridworld-policy-only.foresight.json", "--episodes", "10", "--seed", "4", "--json", "--out", join(out, "b")),
    ]);
    expect(viaApp.code).toBe(0);
    const strip = (text: string) => {
      const { runDir: _dir, runId: _id, stepsPerSecond: _sps, wallSeconds: _wall, nodeTime: _time, ...rest } = JSON.parse(text);
      return rest;
    };
    expect(strip(viaApp.stdout)).toEqual(strip(viaCli.stdout));
    expect(JSON.parse(viaApp.stdout).runDir.startsWith(join(out, "a"))).toBe(true);
    expect(readFileSync(join(JSON.parse(viaApp.stdout).runDir, "summary.json"), "utf8")).toContain('"episodes"');
  });

  it("exits 2 with the CLI's messages for an invalid file, a missing file and a bad flag", async () => {
    const dir = tempDir("headless-bad");
    const bad = join(dir, "bad.foresight.json");
    const doc = JSON.parse(readFileSync("examples/gridworld-vgps.foresight.json", "utf8"));
    doc.nodes[2].params.n = 0;
    writeFileSync(bad, JSON.stringify(doc));
    for (const args of [[bad], [join(dir, "missing.foresight.json")], ["examples/gridworld-vgps.foresight.json", "--episodes", "zero"]]) {
      const [viaApp, viaCli] = await Promise.all([app("--headless", ...args), foresight("run", ...args)]);
      expect(viaApp.code).toBe(2);
      expect(viaCli.code).toBe(2);
      expect(viaApp.stderr).toBe(viaCli.stderr);
      expect(viaApp.stdout).toBe(viaCli.stdout);
    }
  });

  it("stops the run on Ctrl+C as the CLI does (summary written, exit 1), though Electron turns Ctrl+C into a quit", async () => {
    const out = tempDir("headless-sigint");
    const child = spawn(process.execPath, ["--import", REGISTER, MAIN, "--headless", "examples/gridworld-vgps.foresight.json", "--episodes", "100000", "--quiet", "--trace", "off", "--workers", "1", "--out", out], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    await vi.waitFor(() => expect(readdirSync(out).some((run) => existsSync(join(out, run, "trace.jsonl")))).toBe(true), { timeout: 30_000, interval: 20 });
    child.kill("SIGINT");
    const code = await new Promise((resolve) => child.once("exit", (exitCode, signal) => resolve(exitCode ?? signal)));
    expect(code, stderr).toBe(1);
    expect(stderr).toContain("run stopped");
    const [run] = readdirSync(out);
    expect(JSON.parse(readFileSync(join(out, run!, "summary.json"), "utf8")).status).toBe("stopped");
  }, 60_000);

  it("exits 1 with the CLI's message when a node fails and the file says to end the run", async () => {
    const dir = tempDir("headless-fail");
    const args = ["examples/gridworld-vgps.foresight.json", "--episodes", "3", "--quiet", "--set", "run.onNodeError=endRun", "--set", "executor.score=judge"];
    const [viaApp, viaCli] = await Promise.all([app("--headless", ...args, "--out", join(dir, "a")), foresight("run", ...args, "--out", join(dir, "b"))]);
    expect(viaApp.code).toBe(1);
    expect(viaCli.code).toBe(1);
    expect(viaApp.stderr).toMatch(/^foresight: run failed: node "executor"/);
    expect(sameRun(viaApp.stderr, join(dir, "a"))).toBe(sameRun(viaCli.stderr, join(dir, "b")));
  });
});
