import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RunEnded } from "../protocol/index.js";
import { trustedNodesHash } from "../runtime/pipeline/trust.js";
import { useEditorServer } from "./fixtures/editor-server.js";
import { sleep } from "./fixtures/wait.js";

const session = useEditorServer();

const SCRIPT = "examples/gridworld-script.foresight.json";

type Doc = Record<string, unknown> & { nodes: { id: string; kind: string; params: Record<string, unknown> }[] };

/** What trust is given to: the nodes named, as written. */
const hashOf = (doc: Doc, ...ids: string[]) => trustedNodesHash(doc.nodes.filter((node) => ids.includes(node.id)));

/** `doc` with the Script's code edited. */
const withEditedScript = (doc: Doc): Doc => ({
  ...doc,
  nodes: doc.nodes.map((node) => (node.id === "safe-q" ? { ...node, params: { ...node.params, code: `${String(node.params.code)}// edited\n` } } : node)),
});

describe("foresight serve: pipelines with Script nodes", () => {
  it("refuses to start an untrusted one, naming the scripts and the content hash to remember, and runs it once trusted", async () => {
    const doc = JSON.parse(readFileSync(SCRIPT, "utf8")) as Doc;
    const hash = hashOf(doc, "safe-q");
    await expect(session.api.startRun(doc, SCRIPT, { episodes: 2 })).rejects.toThrow(
      `startRun: the pipeline contains Script nodes (safe-q) and is not trusted; ask the user to read and trust them (content hash ${hash}), then start the run with trustedHash: "${hash}"`,
    );
    // A hash trusted for other code does not carry over: the host compares with its own.
    const edited = withEditedScript(doc);
    await expect(session.api.startRun(edited, SCRIPT, { episodes: 2, trustedHash: hash })).rejects.toThrow(
      `startRun: the pipeline contains Script nodes (safe-q) and was trusted as content ${hash}, but what was sent hashes to ${hashOf(edited, "safe-q")}; ask the user to read and trust this content`,
    );
    // The old wire form, `trusted: true`, is not a way around it.
    await expect(session.api.startRun(doc, SCRIPT, { episodes: 2, trusted: true } as never)).rejects.toThrow('startRun: options: Unrecognized key: "trusted"');

    let ended: RunEnded | undefined;
    session.api.onRunEnded((end) => (ended = end));
    const { runId } = await session.api.startRun(doc, SCRIPT, { episodes: 2, seed: 1, traceLevel: "off", trustedHash: hash });
    while (ended?.runId !== runId) await sleep(20);
    expect(ended).toMatchObject({ outcome: "finished", summary: { status: "completed", episodes: 2, pipeline: "gridworld-script" } });
  });

  it("tells the editor a pipeline's Script nodes and the hash of what trust covers: those nodes, which an edit of theirs changes", async () => {
    const doc = JSON.parse(readFileSync(SCRIPT, "utf8")) as Doc;
    const info = await session.api.trustInfo(doc);
    expect(info).toEqual({ scripts: ["safe-q"], reasons: [{ node: "safe-q", does: "runs-code" }], hash: hashOf(doc, "safe-q") });
    expect(info.hash).toMatch(/^[0-9a-f]{64}$/);
    // Key order and indentation are not content: the same pipeline reordered hashes the same.
    const reordered = { ...Object.fromEntries(Object.entries(doc).reverse()), nodes: doc.nodes.map((node) => Object.fromEntries(Object.entries(node).reverse())) };
    expect((await session.api.trustInfo(reordered)).hash).toBe(info.hash);
    expect((await session.api.trustInfo(withEditedScript(doc))).hash).not.toBe(info.hash);
    // The run settings, the other nodes and the description are not what is trusted: changing them asks nothing again.
    const sampler = doc.nodes.find((node) => node.kind === "sampler")!;
    const tuned = { ...doc, description: "tuned", run: { ...(doc.run as object), episodes: 7, seed: 9 }, nodes: doc.nodes.map((node) => (node === sampler ? { ...node, params: { ...node.params, n: 4 } } : node)) };
    expect((await session.api.trustInfo(tuned)).hash).toBe(info.hash);
    const plain = JSON.parse(readFileSync("examples/gridworld-vgps.foresight.json", "utf8")) as Record<string, unknown>;
    expect((await session.api.trustInfo(plain)).scripts).toEqual([]);
  });

  it("treats a pipeline whose environment starts a program like Script code: not started by validate, nor run, until trusted", async () => {
    const marker = join(session.editor.root, "started");
    const doc = JSON.parse(readFileSync("examples/gridworld-vgps.foresight.json", "utf8")) as Doc;
    const env = doc.nodes.find((node) => node.kind === "environment")!;
    env.params = { name: "process", command: ["/bin/sh", "-c", `touch ${marker}`] };
    const hash = hashOf(doc, env.id);
    expect(await session.api.trustInfo(doc)).toEqual({ scripts: [env.id], reasons: [{ node: env.id, does: "starts-program" }], hash });
    const problems = await session.api.validate(doc, "examples/x.foresight.json");
    expect(problems).toContainEqual(expect.objectContaining({ nodeId: env.id, message: expect.stringContaining("it is not started, nor checked, until you trust the pipeline") }));
    await expect(session.api.startRun(doc, "examples/x.foresight.json")).rejects.toThrow(
      `startRun: the pipeline contains nodes that start a program (${env.id}) and is not trusted; ask the user to read and trust them (content hash ${hash})`,
    );
    expect(existsSync(marker)).toBe(false);

    // Trusted: validation starts it (to read its spaces), which is what the user agreed to.
    const ended = new Promise<RunEnded>((resolve) => session.api.onRunEnded(resolve));
    await session.api.startRun(doc, "examples/x.foresight.json", { trustedHash: hash });
    expect((await ended).outcome).toBe("invalid");
    expect(existsSync(marker)).toBe(true);
  });
});
