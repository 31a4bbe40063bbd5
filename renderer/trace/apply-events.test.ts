import { describe, expect, it } from "vitest";
import type { RunEvent } from "../../protocol/index.js";
import { applyEvents } from "./apply-events.js";
import { emptyTrace } from "./trace-types.js";

const ended = (episode: number) =>
  ({ type: "episode.end", t: episode, episode, status: "completed", steps: 3, envSteps: 3, return: 1, success: true, terminated: true, truncated: false, ms: 1 }) as RunEvent;

describe("a live run watched from the middle", () => {
  it("counts an episode read back from its folder once, when its episode.end arrives live too", () => {
    const caughtUp = emptyTrace({ live: true, episodes: [0, 1, 2].map((n) => ({ ...(ended(n) as object) }) as never), readBack: new Set([0, 1, 2]) });
    const next = applyEvents(caughtUp, [ended(2), ended(3)]);
    expect(next.episodes.map((result) => result.episode)).toEqual([0, 1, 2, 3]);
  });
});

describe("a run that ends", () => {
  const start = (node: string) => ({ type: "node.start", t: 1, episode: 0, step: 0, node, kind: "script" }) as RunEvent;
  const end = (node: string) => ({ type: "node.end", t: 2, episode: 0, step: 0, node, kind: "script", ms: 5, inputs: {}, outputs: {} }) as RunEvent;
  const runEnd = { type: "run.end", t: 3, status: "stopped", episodes: 0, ms: 3 } as RunEvent;

  it("leaves no badge running when Stop cut calls short: a node shows its last finished call, or nothing", () => {
    const live = emptyTrace({ live: true });
    const next = applyEvents(live, [start("slow"), end("slow"), start("slow"), start("fresh"), start("finished"), end("finished"), runEnd]);
    expect(next.nodeStatus).toEqual({ slow: { state: "done", ms: 5 }, finished: { state: "done", ms: 5 } });
  });
});

describe("a node error that kept outputs", () => {
  it("puts them on the node's call in the step, as a node.end's are, and not in the run's errors", () => {
    const exchanges = [{ hash: "h", cached: false, request: { model: "m", messages: [] }, response: "<html>", error: "no usable answer" }];
    const events = [
      { type: "node.start", t: 1, episode: 0, step: 0, node: "policy", kind: "policy" },
      { type: "node.error", t: 2, episode: 0, step: 0, node: "policy", kind: "policy", message: "no usable answer", ends: "episode", outputs: { exchanges } },
    ] as RunEvent[];
    const next = applyEvents(emptyTrace({ live: true }), events);
    const [detail] = [...next.steps.values()];
    expect(detail!.nodes[0]).toMatchObject({ node: "policy", error: "no usable answer", outputs: { exchanges } });
    expect(next.errors[0]).not.toHaveProperty("outputs");
  });
});
