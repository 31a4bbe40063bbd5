import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import WebSocket from "ws";
import { apiUrlFromPage, WebSocketTransport, type WebSocketLike } from "../protocol/index.js";
import { projectCopy } from "./fixtures/editor-server.js";
import { writeExampleVariant } from "./fixtures/foresight-process.js";
import { serve } from "./fixtures/serve-process.js";
import { slowGridworldQ } from "./fixtures/slow-q-model.js";
import { sleep } from "./fixtures/wait.js";

const VGPS = "examples/gridworld-vgps.foresight.json";
/** host/editor-api/runs.ts's STOP_GRACE_MS: how long a host told to stop waits for its runs to write their summaries. */
const STOP_GRACE_MS = 1_500;

/** The pipeline with a field nested `depth` objects deep: it validates (unknown top-level keys are kept, not checked). */
function nestedText(depth: number): string {
  const doc = JSON.parse(readFileSync(VGPS, "utf8")) as Record<string, unknown>;
  const text = JSON.stringify({ ...doc, notes: "NESTED" });
  return text.replace('"NESTED"', '{"a":'.repeat(depth) + "0" + "}".repeat(depth));
}

/** Threads of process `pid` (Linux). */
function threads(pid: number): number {
  return Number(/^Threads:\s+(\d+)$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]);
}

/** Sends one raw request frame (JSON.stringify of so deep a document would overflow here) and waits for its reply. */
function rawCall(socket: WebSocket, id: number, method: string, paramsText: string): Promise<{ result?: unknown; error?: { message: string } }> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const message = JSON.parse(data.toString()) as { id?: unknown; result?: unknown; error?: { message: string } };
      if (message.id !== id) return;
      socket.off("message", onMessage);
      resolve(message);
    };
    socket.on("message", onMessage);
    socket.send(`{"id":${id},"method":"${method}","params":${paramsText}}`);
  });
}

describe("foresight serve: a failed start leaves no thread, and SIGTERM ends the process", () => {
  it("refuses a pipeline too deep to hand to a worker without starting one, and on SIGTERM stops the run going, its summary written, and exits", async () => {
    const root = projectCopy();
    const { child, url, exit } = await serve("--port", "0", "--root", root);
    const origin = new URL(url).origin;
    const api = await WebSocketTransport.connect(apiUrlFromPage(url), { createSocket: (address) => new WebSocket(address, { origin }) as unknown as WebSocketLike });
    const raw = new WebSocket(apiUrlFromPage(url), { origin });
    await new Promise((resolve) => raw.once("open", resolve));

    // Validation refuses the nesting (at most 64 levels), so the run ends as invalid before any worker exists.
    const deep = nestedText(100_000);
    const problems = (await rawCall(raw, 1, "validate", `{"doc":${deep},"path":"${VGPS}"}`)).result as { code: string; message: string }[];
    expect(problems).toEqual([expect.objectContaining({ code: "bad-format", message: expect.stringContaining("nested more than 64 levels deep") })]);
    const before = existsSync("/proc/self/status") ? threads(child.pid!) : 0;
    for (let id = 2; id < 7; id++) {
      const reply = await rawCall(raw, id, "startRun", `{"doc":${deep},"path":"${VGPS}"}`);
      expect(reply.error).toBeUndefined();
    }
    if (before > 0) expect(threads(child.pid!)).toBeLessThanOrEqual(before);

    let steps = 0;
    api.onRunEvents((_, events) => (steps += events.filter((e) => e.type === "step.end").length));
    await api.startRun(JSON.parse(readFileSync(VGPS, "utf8")), VGPS, { episodes: 1_000_000, traceLevel: "steps" });
    while (steps === 0) await sleep(20);
    const sent = Date.now();
    child.kill("SIGTERM");
    expect(await exit).toBe(0);
    // Within the grace it gives runs, and a loaded machine's while to end the process; the run stopped within the
    // grace, not ended with its thread: its summary is written and says so.
    expect(Date.now() - sent).toBeLessThan(STOP_GRACE_MS + 3_000);
    const summaries = readdirSync(join(root, "runs"))
      .map((folder) => join(root, "runs", folder, "summary.json"))
      .filter((path) => existsSync(path));
    expect(summaries.map((path) => (JSON.parse(readFileSync(path, "utf8")) as { status: string }).status)).toEqual(["stopped"]);
    raw.terminate();
    rmSync(root, { recursive: true, force: true });
  }, 60_000);

  it("on SIGTERM ends a run that is inside a seconds-long ONNX Runtime call without aborting the process", async () => {
    const root = projectCopy();
    writeFileSync(join(root, "slow-q.onnx"), slowGridworldQ(2000, 2048));
    const file = writeExampleVariant("gridworld-vgps-onnx", root, "slow-q", (doc) => {
      doc.nodes.find((node: { id: string }) => node.id === "q").params.model = "slow-q.onnx";
    });
    const { child, url, exit, stderr } = await serve("--port", "0", "--root", root);
    const origin = new URL(url).origin;
    const api = await WebSocketTransport.connect(apiUrlFromPage(url), { createSocket: (address) => new WebSocket(address, { origin }) as unknown as WebSocketLike });
    let steps = 0;
    api.onRunEvents((_, events) => (steps += events.filter((e) => e.type === "step.end").length));
    await api.startRun(JSON.parse(readFileSync(file, "utf8")), file, { episodes: 1_000, traceLevel: "steps" });
    while (steps === 0) await sleep(20);
    // Each step is one call of seconds: the run cannot stop within the grace, and its thread is then inside
    // a call. Terminated from outside there, onnxruntime-node throws into the stopping thread and the process aborts.
    child.kill("SIGTERM");
    const code = await exit;
    expect(stderr()).not.toContain("terminate called");
    expect(code, stderr()).toBe(0);
    rmSync(root, { recursive: true, force: true });
  }, 90_000);
});
