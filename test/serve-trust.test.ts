import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { RunEnded } from "../protocol/index.js";
import { pipelineContentHash } from "../runtime/pipeline/trust.js";
import { useEditorServer } from "./fixtures/editor-server.js";

const session = useEditorServer();

const SCRIPT = "examples/gridworld-script.foresight.json";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("foresight serve: pipelines with Script nodes", () => {
  it("refuses to start an untrusted one, naming the scripts and the content hash to remember, and runs it once trusted", async () => {
    const doc = JSON.parse(readFileSync(SCRIPT, "utf8")) as Record<string, unknown>;
    const hash = pipelineContentHash(doc);
    await expect(session.api.startRun(doc, SCRIPT, { episodes: 2 })).rejects.toThrow(
      `startRun: the pipeline contains Script nodes (safe-q) and is not trusted; ask the user to read and trust them (content hash ${hash}), then start the run with trusted: true`,
    );
    await expect(session.api.startRun(doc, SCRIPT, { episodes: 2, trusted: false })).rejects.toThrow("is not trusted");

    let ended: RunEnded | undefined;
    session.api.onRunEnded((end) => (ended = end));
    const { runId } = await session.api.startRun(doc, SCRIPT, { episodes: 2, seed: 1, traceLevel: "off", trusted: true });
    while (ended?.runId !== runId) await sleep(20);
    expect(ended).toMatchObject({ outcome: "finished", summary: { status: "completed", episodes: 2, pipeline: "gridworld-script" } });
  });
});
