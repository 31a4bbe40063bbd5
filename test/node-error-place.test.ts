import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { builtinRegistry } from "../nodes/index.js";
import { failureText } from "../protocol/shown-values.js";
import type { NodeFailure, RunEvent } from "../runtime/engine/events.js";
import { runPipeline } from "../runtime/engine/run-pipeline.js";
import { startFakeChatServer } from "./fixtures/fake-chat-server.js";
import { example, playOptions, validated } from "./fixtures/pipelines.js";

let server: Awaited<ReturnType<typeof startFakeChatServer>> | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** The first node error of shopping-judge with its judge answering `answer` (its mode and scores as given). */
async function judgeFailure(answer: string, judgeParams: Record<string, unknown> = {}): Promise<NodeFailure> {
  server = await startFakeChatServer(() => answer);
  const doc = example("shopping-judge");
  Object.assign(doc.nodes.find((n) => n.id === "judge")!.params, { baseUrl: server.url, cacheDir: mkdtempSync(join(tmpdir(), "foresight-node-error-cache-")), ...judgeParams });
  const events: RunEvent[] = [];
  const pipeline = validated(doc, builtinRegistry());
  const options = playOptions(pipeline, { episodes: 1, seed: 4, trace: "off", onEvent: (e) => events.push(e) });
  await runPipeline(pipeline, { ...options, pipelineDir: mkdtempSync(join(tmpdir(), "foresight-node-error-")) });
  const failure = events.find((e): e is Extract<RunEvent, { type: "node.error" }> => e.type === "node.error");
  if (!failure) throw new Error("the judge did not fail");
  return failure;
}

describe("a node's error as the CLI, the report and the trace show it", () => {
  it("names the node, episode and step once: the engine gives the place, the judge's message only what went wrong", async () => {
    const failure = await judgeFailure("0.5");
    expect(failureText(failure)).toMatch(/^node "judge" \(q-scorer\) at episode 0, step 0: the judge's answer picked no candidate/);
    expect(failure.message).not.toMatch(/^node "judge"/);
  });

  it("the same for the LLM scorer's answer with no usable score", async () => {
    const failure = await judgeFailure("no idea", { mode: "score" });
    expect(failureText(failure).match(/node "judge"/g)).toHaveLength(1);
    expect(failureText(failure).match(/episode 0/g)).toHaveLength(1);
  });
});
