import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunEnded, RunEvent, WebSocketTransport } from "../protocol/index.js";
import type { loadHostKinds as LoadHostKinds } from "../host/node-kinds.js";
import { editorServer, type EditorServer } from "./fixtures/editor-server.js";
import { addBonus, BONUS_MODULE } from "./fixtures/kinds/bonus-pipeline.js";
import type { EditablePipeline } from "./fixtures/foresight-process.js";
import { sleep } from "./fixtures/wait.js";

const { loadHostKinds } = (await import(resolve("dist/host/node-kinds.js"))) as { loadHostKinds: typeof LoadHostKinds };

/** examples/gridworld-vgps with the fixture's bonus scorer (test/fixtures/kinds/bonus-pipeline.ts). */
function withBonus(): EditablePipeline {
  const doc = JSON.parse(readFileSync("examples/gridworld-vgps.foresight.json", "utf8")) as EditablePipeline;
  addBonus(doc);
  return doc;
}

describe("foresight serve with extra node kinds (startServer({ kindModules }))", () => {
  let editor: EditorServer;
  let api: WebSocketTransport;
  beforeAll(async () => {
    editor = await editorServer({ kindModules: [BONUS_MODULE] });
    api = await editor.connect();
  });
  afterAll(() => editor?.close());

  it("describes the module's kind after the built-ins, with its declared column", async () => {
    const { kinds } = await api.describeKinds();
    expect(kinds.at(-1)).toMatchObject({
      kind: "bonus-scorer",
      shortId: "bonus",
      columns: [{ name: "bonus", label: "Bonus", format: "number", chart: true }],
      defaults: { weight: 2 },
    });
    expect(kinds.find((kind) => kind.kind === "q-scorer")!.columns.map((column) => column.name)).toEqual(["q", "risk", "cem_round", "judge", "score_error"]);
  });

  it("validates and runs a pipeline that uses it: the worker loads the module too, and the trace has its column", async () => {
    const doc = withBonus();
    expect(await api.validate(doc, "examples/with-bonus.foresight.json")).toEqual([]);
    const events: RunEvent[] = [];
    let ended: RunEnded | undefined;
    api.onRunEvents((_runId, batch) => events.push(...batch));
    api.onRunEnded((end) => (ended = end));
    await api.startRun(doc, "examples/with-bonus.foresight.json", { episodes: 2, seed: 1, traceLevel: "full" });
    while (!ended) await sleep(20);
    if (ended.outcome !== "finished") throw new Error(JSON.stringify(ended));
    const step = events.find((event): event is Extract<RunEvent, { type: "step.end" }> => event.type === "step.end")!;
    const row = step.candidates!.find((candidate) => candidate.selected === true)!;
    expect(row.bonus).toBeCloseTo(3 * Math.exp(row.logp as number));
    expect(Math.max(...step.candidates!.filter((c) => c.filtered !== true).map((c) => c.bonus as number))).toBe(row.bonus);
    const bonusEnd = events.find((event) => event.type === "node.end" && event.node === "bonus");
    expect(bonusEnd).toMatchObject({ outputs: { candidates: { $candidatesFrom: "q.candidates", columns: { bonus: expect.any(Array) } } } });
  });
});

describe("a kind module edited while serve runs", () => {
  it("refuses a run once the module no longer loads, saying it changed since serve started and that serve must be restarted, without our stack", async () => {
    const dir = mkdtempSync(join(tmpdir(), "foresight-edited-kind-"));
    mkdirSync(join(dir, "node_modules"));
    symlinkSync(process.cwd(), join(dir, "node_modules", "foresight"), "dir");
    const module = join(dir, "mine.mjs");
    const kind = `import { defineNodeKind, z } from "foresight/kinds";\nexport default defineNodeKind({ kind: "mine", title: "Mine", description: "x", params: z.object({}), inputs: {}, outputs: {}, create: () => ({ run: () => ({}) }) });\n`;
    writeFileSync(module, kind);
    const edited = await editorServer({ kindModules: [module] });
    try {
      const api = await edited.connect();
      writeFileSync(module, `const settings = "{bad";\nJSON.parse(settings);\n${kind}`);
      let ended: RunEnded | undefined;
      api.onRunEnded((end) => (ended = end));
      const doc = JSON.parse(readFileSync("examples/gridworld-policy-only.foresight.json", "utf8")) as EditablePipeline;
      await api.startRun(doc, "examples/policy-only.foresight.json", { episodes: 1, seed: 1, traceLevel: "off" });
      while (!ended) await sleep(20);
      expect(ended.outcome, JSON.stringify(ended)).toBe("invalid");
      const message = (ended as { problems: { message: string }[] }).problems.map((problem) => problem.message).join("\n");
      expect(message).toContain(`node kind module ${pathToFileURL(module).href} could not be loaded: SyntaxError: Expected property name or '}' in JSON at position 1 at ${module}:2:6`);
      expect(message).toContain("it has changed since foresight serve started");
      expect(message).toContain("restart foresight serve");
      expect(message).not.toMatch(/loadHostKinds|run-worker\.js|dist\/host/);
    } finally {
      await edited.close();
    }
  });
});

describe("loading node kind modules", () => {
  it("refuses a relative path, a module that is not there, and one whose default export is no kind, naming the module", async () => {
    await expect(loadHostKinds(["kinds/bonus.js"])).rejects.toThrow('node kind module "kinds/bonus.js" must be an absolute path or a file: URL');
    const missing = resolve("dist/no-such-kind.js");
    await expect(loadHostKinds([missing])).rejects.toThrow(`node kind module ${pathToFileURL(missing).href} could not be loaded`);
    const notAKind = resolve("dist/host/package-root.js");
    await expect(loadHostKinds([notAKind])).rejects.toThrow(`node kind module ${pathToFileURL(notAKind).href} has no default export, only the named exports packageRoot, packageVersion`);
  });

  it("refuses a second module that claims a kind's name, naming both; loads a module given twice once", async () => {
    const first = pathToFileURL(BONUS_MODULE).href;
    await expect(loadHostKinds([BONUS_MODULE, `${first}?again`])).rejects.toThrow(`node kind module ${first}?again: its kind "bonus-scorer" is also defined by node kind module ${first}`);
    expect((await loadHostKinds([BONUS_MODULE, first])).modules).toEqual([first]);
  });

  it("is the built-ins alone without modules", async () => {
    const kinds = await loadHostKinds([]);
    expect(kinds.modules).toEqual([]);
    expect(kinds.registry.names()).not.toContain("bonus-scorer");
  });
});
