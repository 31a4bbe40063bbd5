import { readFileSync } from "node:fs";
import type { Socket } from "node:net";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import WebSocket from "ws";
import type { Push, RunEnded, RunEvent } from "../protocol/index.js";
import { useEditorServer } from "./fixtures/editor-server.js";
import { sleep } from "./fixtures/wait.js";

const session = useEditorServer();
const VGPS = "examples/gridworld-vgps.foresight.json";

describe("foresight serve: back-pressure", () => {
  it("leaves per-step detail out for a client that stops reading, counts it in dropped, and keeps every event in trace.jsonl", async () => {
    // A real client whose socket stops reading: the server's send buffer for it grows.
    const slow = new WebSocket(session.editor.apiUrl, { origin: session.editor.origin });
    await new Promise((resolve, reject) => slow.once("open", resolve).once("error", reject));
    const pushes: Push[] = [];
    slow.on("message", (data) => pushes.push(JSON.parse(String(data)) as Push));
    const socket = (slow as unknown as { _socket: Socket })._socket;
    socket.pause();

    const fast: { events: RunEvent[]; dropped: number } = { events: [], dropped: 0 };
    let ended: RunEnded | undefined;
    session.api.onRunEvents((_runId, events, dropped) => {
      fast.events.push(...events);
      fast.dropped += dropped;
    });
    session.api.onRunEnded((end) => (ended = end));
    const doc = JSON.parse(readFileSync(VGPS, "utf8"));
    const { runId } = await session.api.startRun(doc, VGPS, { episodes: 300, seed: 1, traceLevel: "full" });
    while (ended?.runId !== runId) await sleep(50);
    if (ended.outcome !== "finished") throw new Error(JSON.stringify(ended));

    socket.resume();
    const endedFor = () => pushes.some((p) => p.push === "run.ended" && p.runId === runId);
    while (!endedFor()) await sleep(50);
    slow.close();

    const batches = pushes.filter((p): p is Extract<Push, { push: "run.events" }> => p.push === "run.events" && p.runId === runId);
    const dropped = batches.reduce((sum, p) => sum + p.dropped, 0);
    expect(dropped).toBeGreaterThan(0);
    const received = batches.flatMap((p) => p.events);
    const trace = readFileSync(join(session.editor.root, ended.runDir, "trace.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as RunEvent);
    // Only per-step detail is left out: what was received plus what was dropped is the whole trace
    // and each step's step.start (live only, not in the file)…
    const steps = trace.filter((e) => e.type === "step.end").length;
    expect(received.length + dropped).toBe(trace.length + steps);
    const notStepDetail = (e: RunEvent) => !["node.start", "node.end", "step.start", "step.end"].includes(e.type);
    // …and every run and episode event arrived, in order.
    expect(received.filter(notStepDetail)).toEqual(trace.filter(notStepDetail));
    expect(received.filter((e) => e.type === "episode.end")).toHaveLength(300);
    // The trace itself has every step: 7 nodes' start and end per step.
    expect(steps).toBe(ended.summary.steps);
    expect(trace.filter((e) => e.type === "node.end")).toHaveLength(steps * 7);
    // The Transport hands listeners the count too (0 for a client that keeps up).
    expect(fast.events.length + fast.dropped).toBe(trace.length + steps);
  });
});
