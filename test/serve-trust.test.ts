import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunEnded, WebSocketTransport } from "../protocol/index.js";
import { pipelineContentHash } from "../runtime/pipeline/trust.js";
import { editorServer, type EditorServer } from "./fixtures/editor-server.js";

let editor: EditorServer;
let api: WebSocketTransport;

beforeAll(async () => {
  editor = await editorServer();
  api = await editor.connect();
});

afterAll(() => editor.close());

const SCRIPT = "examples/gridworld-script.foresight.json";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("foresight serve: pipelines with Script nodes", () => {
  it("refuses to start an untrusted one, naming the scripts and the content hash to remember, and runs it once trusted", async () => {
    const doc = JSON.parse(readFileSync(SCRIPT, "utf8")) as Record<string, unknown>;
    const hash = pipelineContentHash(doc);
    await expect(api.startRun(doc, SCRIPT, { episodes: 2 })).rejects.toThrow(
      `startRun: the pipeline contains Script nodes (safe-q) and is not trusted; ask the user to read and trust them (content hash ${hash}), then start the run with trusted: true`,
    );
    await expect(api.startRun(doc, SCRIPT, { episodes: 2, trusted: false })).rejects.toThrow("is not trusted");

    let ended: RunEnded | undefined;
    api.onRunEnded((end) => (ended = end));
    const { runId } = await api.startRun(doc, SCRIPT, { episodes: 2, seed: 1, traceLevel: "off", trusted: true });
    while (ended?.runId !== runId) await sleep(20);
    expect(ended).toMatchObject({ outcome: "finished", summary: { status: "completed", episodes: 2, pipeline: "gridworld-script" } });
  });
});
