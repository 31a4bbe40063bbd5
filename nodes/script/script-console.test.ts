import { describe, expect, it } from "vitest";
import { createModelCache } from "../../runtime/inference/model-cache.js";
import { Rng } from "../../runtime/rng.js";
import { scriptKind } from "./index.js";

/** A Script node whose notes (what the engine writes to the trace as node.log lines) are kept in `notes`. */
async function scriptWithNotes(code: string) {
  const notes: string[] = [];
  const params = scriptKind.params.parse({ code, inputs: [], outputs: [{ name: "out", type: "json" }] });
  const node = await scriptKind.create(params, { nodeId: "glue", pipelineDir: ".", runDir: "/tmp/foresight-node-test", runSeed: 1, models: createModelCache({ pipelineDir: "." }), log: (message) => notes.push(message) });
  const step = (episode: number, step: number) => node.run({} as never, { nodeId: "glue", episode, step, rng: Rng.fromSeed(1), signal: new AbortController().signal });
  return { node, notes, step };
}

describe("a Script node's console", () => {
  it("prints console.log and console.warn to the run's notes, saying where in the run", async () => {
    const { node, notes, step } = await scriptWithNotes(`
      console.log("loaded");
      function run() {
        console.log("q is", 0.5, { best: [1, 2] }, null, undefined);
        console.warn("risky");
        return { out: 1 };
      }`);
    await node.beginEpisode?.({ episode: 0, seed: 1, rng: Rng.fromSeed(1) });
    await step(0, 3);
    expect(notes).toEqual(["top level: loaded", 'episode 0, step 3: q is 0.5 {"best":[1,2]} null undefined', "episode 0, step 3: warning: risky"]);
    await node.close?.();
  });

  it("keeps what a failing step printed before it threw", async () => {
    const { node, notes, step } = await scriptWithNotes('function run() { console.error("about to fail"); throw new Error("no"); }');
    expect(() => step(1, 0)).toThrow(/Error: no/);
    expect(notes).toEqual(["episode 1, step 0: error: about to fail"]);
    await node.close?.();
  });

  it("keeps at most 20 lines a step, each of at most 1000 characters, and counts the rest", async () => {
    const { node, notes, step } = await scriptWithNotes('function run() { for (let i = 0; i < 200; i++) console.log("x".repeat(1500)); return { out: 1 }; }');
    await step(0, 0);
    expect(notes).toHaveLength(21);
    expect(notes[0]).toBe(`episode 0, step 0: ${"x".repeat(1000)}…`);
    expect(notes[20]).toBe("episode 0, step 0: 180 more console lines not kept (at most 20 a step)");
    // The count starts again each step.
    await step(0, 1);
    expect(notes).toHaveLength(42);
    await node.close?.();
  });
});
