import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { NumberedRunEvent, RunEvent } from "../../protocol/index.js";
import { liveIngest } from "./ingest.js";
import { createTraceStore } from "./trace-store.js";

const step = (n: number): RunEvent[] => [
  { type: "step.start", t: n, episode: 0, step: n },
  { type: "node.start", t: n, episode: 0, step: n, node: "policy", kind: "policy" },
  { type: "node.end", t: n, episode: 0, step: n, node: "policy", kind: "policy", ms: 1, inputs: {}, outputs: {} },
  { type: "step.end", t: n, episode: 0, step: n, action: 0, reward: 1, done: false, ms: 1 },
];
const numbered = (from: number, events: RunEvent[]): NumberedRunEvent[] => events.map((event, i) => ({ index: from + i, event }));
const nextFrame = () => new Promise((resolve) => setTimeout(resolve, 150));

describe("a live run watched mid-episode", () => {
  // Node has no animation frames: the ingest's flush runs on a timer here.
  beforeAll(() => vi.stubGlobal("requestAnimationFrame", (flush: () => void) => setTimeout(flush, 0)));
  afterAll(() => vi.unstubAllGlobals());

  it("shows the steps the host kept before those that arrived live meanwhile, each once", async () => {
    const store = createTraceStore();
    liveIngest.follow("run-a", store, true);
    // Published before the host answered, so its answer holds them too.
    liveIngest.receive("run-a", step(1), 0, 5);
    liveIngest.receive("run-a", step(2), 0, 9);
    await nextFrame();
    expect(store.getState().data.steps.size).toBe(0);

    const episodeStart: RunEvent = { type: "episode.start", t: 0, episode: 0 };
    liveIngest.catchUp("run-a", [...numbered(0, [episodeStart, ...step(0), ...step(1), ...step(2)])]);
    liveIngest.receive("run-a", step(3), 0, 13);
    await nextFrame();
    const { data } = store.getState();
    expect([...data.steps.keys()]).toEqual(["0:0", "0:1", "0:2", "0:3"]);
    expect([...data.steps.values()].map((detail) => detail.nodes.length)).toEqual([1, 1, 1, 1]);
    expect(data.current).toEqual({ episode: 0, step: 3 });
  });

  it("goes on with the live events alone when the host kept nothing", async () => {
    const store = createTraceStore();
    liveIngest.follow("run-b", store, true);
    liveIngest.receive("run-b", step(7), 0, 40);
    liveIngest.catchUp("run-b", []);
    await nextFrame();
    expect([...store.getState().data.steps.keys()]).toEqual(["0:7"]);
  });
});
