import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { foresightAsync, tempDir, writeExampleVariant, type Finished } from "./fixtures/foresight-process.js";
import { addBonus, BONUS_MODULE } from "./fixtures/kinds/bonus-pipeline.js";

/** examples/gridworld-vgps with the fixture's bonus scorer: a kind only that fixture defines, as a researcher's own kind is to the CLI. */
const bonusPipeline = () => writeExampleVariant("gridworld-vgps", tempDir("kinds-pipeline"), "with-bonus", addBonus);

const succeeded = (finished: Finished) => {
  expect(finished.code, finished.stderr).toBe(0);
  return JSON.parse(finished.stdout);
};
/** What two runs of the same episodes share: the summary but its timings and names. */
const figures = ({ successRate, meanReturn, meanLength, episodes, episodesFailed }: Record<string, unknown>) => ({ successRate, meanReturn, meanLength, episodes, episodesFailed });

describe("a node kind of the user's own on the command line (--kinds)", () => {
  const file = bonusPipeline();

  it("is unknown without --kinds, with a line that says how to load it; validates with it", async () => {
    const without = await foresightAsync("validate", file);
    expect(without.code).toBe(2);
    expect(without.stderr).toContain('unknown node kind "bonus-scorer"');
    expect(without.stderr.trim().split("\n").at(-1)).toMatch(/: 1 problem \(a node kind of your own: load its module with --kinds <module\.js>\)$/);
    const withKinds = await foresightAsync("validate", file, "--kinds", BONUS_MODULE);
    expect(withKinds.code, withKinds.stderr).toBe(0);
    expect(withKinds.stdout).toBe(`${file}: valid (gridworld-vgps: 8 nodes, 12 edges)\n`);
  });

  it("runs on one thread, on two and in lockstep with the same results, and the run trains with it", async () => {
    const out = tempDir("kinds-runs");
    const run = (...more: string[]) => foresightAsync("run", file, "--kinds", BONUS_MODULE, "--episodes", "12", "--seed", "3", "--trace", "off", "--json", "--out", out, ...more);
    const serial = succeeded(await run());
    const [twoThreads, lockstep] = [succeeded(await run("--workers", "2")), succeeded(await run("--lockstep", "4"))];
    expect(serial.status).toBe("completed");
    expect(figures(twoThreads)).toEqual(figures(serial));
    expect(figures(lockstep)).toEqual(figures(serial));

    // The run folder's pipeline copy names the kind too: training reads its environment from there.
    const model = join(out, "q.onnx");
    const train = ["train", "q", "--data", serial.runDir, "--out", model, "--epochs", "1", "--iterations", "1", "--quiet"];
    const refused = await foresightAsync(...train);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('unknown node kind "bonus-scorer"');
    const trained = await foresightAsync(...train, "--kinds", BONUS_MODULE);
    expect(trained.code, trained.stderr).toBe(0);
    expect(readFileSync(model).length).toBeGreaterThan(1000);
  }, 120_000);

  it("sweeps the kind's own param, each setting on its own thread", async () => {
    const sweep = succeeded(await foresightAsync("sweep", file, "--kinds", BONUS_MODULE, "--set", "bonus.weight=1,5", "--episodes", "4", "--json", "--out", tempDir("kinds-sweep")));
    expect(sweep.points.map((point: { values: unknown; status: string }) => [point.values, point.status])).toEqual([
      [{ "bonus.weight": 1 }, "completed"],
      [{ "bonus.weight": 5 }, "completed"],
    ]);
  }, 60_000);

  it("says where in the kind's own module an error was thrown, on stderr and in the trace", async () => {
    const folder = tempDir("kinds-throwing");
    const module = join(folder, "throwing.mjs");
    // The bonus scorer's kind name and column, so the fixture pipeline uses it; it throws at its third step.
    writeFileSync(
      module,
      [
        `import { defineNodeKind, z } from ${JSON.stringify(pathToFileURL(resolve("dist/runtime/kind-authoring.js")).href)};`,
        "let steps = 0;",
        "function check() {",
        '  if (++steps === 3) throw new Error("boom in run");',
        "}",
        "export default defineNodeKind({",
        '  kind: "bonus-scorer", title: "Throwing", description: "Throws at its third step.",',
        "  params: z.object({}).passthrough(),",
        '  inputs: { candidates: { type: "candidates", description: "in", required: true } },',
        '  outputs: { candidates: { type: "candidates", description: "out" } },',
        '  create: () => ({ run: ({ candidates }) => (check(), { candidates: candidates.withColumn("bonus", candidates.actions.map(() => 0)) }) }),',
        "});",
      ].join("\n"),
    );
    const run = await foresightAsync("run", file, "--kinds", module, "--episodes", "2", "--out", folder, "--json");
    expect(run.stderr).toContain(`boom in run (at ${module}:4:`);
    const trace = readFileSync(join(JSON.parse(run.stdout).runDir, "trace.jsonl"), "utf8");
    const error = trace.split("\n").filter(Boolean).map((line) => JSON.parse(line)).find((event) => event.type === "node.error");
    expect(error).toMatchObject({ message: "boom in run", at: expect.stringMatching(new RegExp(`^${module.replaceAll(".", "\\.")}:4:\\d+$`)) });
  });

  it("describes the kind's params in the JSON Schema, and names a module that does not load", async () => {
    const schema = succeeded(await foresightAsync("schema", "--kinds", pathToFileURL(BONUS_MODULE).href));
    expect(JSON.stringify(schema)).toContain('"const":"bonus-scorer"');
    // Named as typed, with the folder a relative path was resolved from; not the bundle's chunk that imported it.
    const missing = await foresightAsync("run", file, "--kinds", "dist/no-such-kind.js");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`foresight: --kinds dist/no-such-kind.js: no such file ${resolve("dist/no-such-kind.js")} (a relative path is resolved from the current folder, ${process.cwd()})\n`);
    const missingUrl = pathToFileURL(resolve("dist/no-such-kind.js")).href;
    expect((await foresightAsync("schema", "--kinds", missingUrl)).stderr).toBe(`foresight: --kinds ${missingUrl}: no such file ${resolve("dist/no-such-kind.js")}\n`);
    expect(await foresightAsync("serve", "--kinds", "dist/no-such-kind.js", "--port", "0")).toMatchObject({ code: 2, stderr: missing.stderr });
    // A named pipe hung the import; a folder is refused the same way.
    const pipe = join(tempDir("kinds-fifo"), "kind.js");
    execFileSync("mkfifo", [pipe]);
    for (const notAFile of [pipe, "dist"]) {
      const refused = await foresightAsync("validate", file, "--kinds", notAFile);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toBe(`foresight: --kinds ${notAFile}: ${resolve(notAFile)} is not a file (a node kind module is a JavaScript file)\n`);
    }
  });
});
