import { readFileSync } from "node:fs";
import { resolve } from "node:path";
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

describe("loading node kind modules", () => {
  it("refuses a relative path, a module that is not there, and one whose default export is no kind, naming the module", async () => {
    await expect(loadHostKinds(["kinds/bonus.js"])).rejects.toThrow('node kind module "kinds/bonus.js" must be an absolute path or a file: URL');
    const missing = resolve("dist/no-such-kind.js");
    await expect(loadHostKinds([missing])).rejects.toThrow(`node kind module ${pathToFileURL(missing).href} could not be loaded`);
    const notAKind = resolve("dist/host/package-root.js");
    await expect(loadHostKinds([notAKind])).rejects.toThrow(/its default export is not a node kind \(it is undefined\)/);
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
