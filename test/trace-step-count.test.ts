import { describe, expect, it } from "vitest";
import type { RunEvent } from "../protocol/index.js";
import { runPipeline } from "../runtime/engine/run-pipeline.js";
import { example, insertBefore, playOptions, validated } from "./fixtures/pipelines.js";
import { testRegistry } from "./fixtures/test-kinds.js";
import { episodeDetail } from "../renderer/trace/apply-events.js";
import { createTraceStore } from "../renderer/trace/trace-store.js";
import { stepCount } from "../renderer/trace/selected-step.js";

describe("stepCount", () => {
  it("counts the step a node error ended the episode at, so the scrubber reaches the step that shows the error", async () => {
    const registry = testRegistry();
    const doc = example("gridworld-vgps");
    insertBefore(doc, "executor.candidates", { id: "boom", kind: "fail", params: { episode: 0, step: 2 } });
    const pipeline = validated(doc, registry);
    const events: RunEvent[] = [];
    await runPipeline(pipeline, playOptions(pipeline, { episodes: 2, seed: 1, trace: "steps", onEvent: (event) => events.push(event) }));

    // Live: the view got every event.
    const store = createTraceStore();
    store.getState().apply(events, 0);
    expect(stepCount(store.getState(), 0)).toBe(3);
    // Re-opened: the failed episode read back from its events alone holds the failed step, with its error.
    const detail = episodeDetail(0, events.filter((event) => !("episode" in event) || event.episode === 0));
    expect(detail.steps.map((step) => step.step)).toEqual([0, 1, 2]);
    expect(detail.steps[2]!.nodes).toEqual([expect.objectContaining({ node: "boom", error: "deliberate failure" })]);
    // A completed episode counts its steps as they are.
    const completed = store.getState().data.episodes[1]!;
    expect(completed.status).toBe("completed");
    expect(stepCount(store.getState(), 1)).toBe(completed.steps);
  });
});
