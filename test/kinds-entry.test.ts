import { readFileSync, symlinkSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, runAsync, tempDir, writeExampleVariant, type EditablePipeline } from "./fixtures/foresight-process.js";

/** The node kind module README's "Adding a node kind" shows, as written. */
function documentedKindModule(): string {
  const readme = readFileSync("README.md", "utf8");
  const module = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((match) => match[1]!).find((code) => code.includes('from "foresight/kinds"'));
  expect(module, "README shows a kind module importing foresight/kinds").toBeDefined();
  return module!;
}

/** A project of a user's own, outside the repository, with foresight installed (node_modules/foresight links to this repository) and README's kind module in it. */
function userProject(): string {
  const project = tempDir("kinds-entry");
  mkdirSync(join(project, "node_modules"));
  symlinkSync(process.cwd(), join(project, "node_modules", "foresight"), "dir");
  writeFileSync(join(project, "constant-bonus.mjs"), documentedKindModule());
  return project;
}

/** examples/gridworld-vgps with README's constant bonus between the Q-scorer and the risk filter, the executor taking the best bonus. */
function addConstantBonus(doc: EditablePipeline): void {
  doc.nodes.push({ id: "bonus", kind: "constant-bonus", title: "Bonus", params: { bonus: 2 }, position: { x: 0, y: 0 } });
  doc.edges = doc.edges.map((edge: { from: string; to: string }) => (edge.from === "q.candidates" && edge.to === "risk.candidates" ? { from: "bonus.candidates", to: edge.to } : edge));
  doc.edges.push({ from: "q.candidates", to: "bonus.candidates" });
  doc.nodes.find((node: { id: string }) => node.id === "executor").params.score = "bonus";
}

describe("a node kind module outside the repository, importing foresight/kinds as README shows", () => {
  it("loads into foresight schema and plays a run, on the CLI's thread and a worker thread", async () => {
    const project = userProject();
    const schema = await runAsync(process.execPath, [BIN, "schema", "--kinds", "constant-bonus.mjs"], { cwd: project });
    expect(schema.stderr).toBe("");
    expect(schema.code).toBe(0);
    expect(schema.stdout).toContain('"constant-bonus"');

    const pipeline = writeExampleVariant("gridworld-vgps", project, "with-bonus", addConstantBonus);
    const run = await runAsync(process.execPath, [BIN, "run", pipeline, "-n", "2", "--workers", "2", "--json", "--out", join(project, "runs"), "--kinds", "constant-bonus.mjs"], { cwd: project });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ episodes: 2 });
  }, 60_000);

  it("keeps the package's main entry, and resolves foresight/kinds from inside the package too (self-reference)", async () => {
    const script = 'console.log(import.meta.resolve("foresight")); const kinds = await import("foresight/kinds"); console.log(Object.keys(kinds).join(" "))';
    const resolved = await runAsync(process.execPath, ["--input-type=module", "-e", script]);
    expect(resolved.stderr).toBe("");
    expect(resolved.stdout).toBe(`${new URL(`file://${process.cwd()}/dist/launch/desktop.js`).href}\nCandidateTable Column defineNodeKind z\n`);
  });
});
