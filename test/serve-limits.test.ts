import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type WebSocket from "ws";
import { upgrade, useEditorServer } from "./fixtures/editor-server.js";

const session = useEditorServer();

const VGPS = "examples/gridworld-vgps.foresight.json";

describe("foresight serve: documented limits", () => {
  it("plays at most 8 runs at once and refuses the 9th, naming the limit", async () => {
    const doc = JSON.parse(readFileSync(VGPS, "utf8"));
    const runIds: string[] = [];
    for (let i = 0; i < 8; i++) runIds.push((await session.api.startRun(doc, VGPS, { episodes: 1_000_000, traceLevel: "off" })).runId);
    await expect(session.api.startRun(doc, VGPS, { episodes: 1 })).rejects.toThrow(
      "startRun: 8 runs are going, the most this host plays at once (8); stop one or wait for one to end",
    );
    for (const runId of runIds) await session.api.controlRun(runId, "stop");
  }, 60_000);

  it("accepts 64 editor connections at once and refuses the next (503)", async () => {
    const open: WebSocket[] = [];
    // The session's own connection is the first.
    for (let i = 1; i < 64; i++) {
      const { status, socket } = await upgrade(session.editor.apiUrl, session.editor.origin);
      expect(status).toBe(101);
      open.push(socket!);
    }
    expect((await upgrade(session.editor.apiUrl, session.editor.origin)).status).toBe(503);
    for (const socket of open) socket.close();
  });

  it("saves no pipeline over 4 MB, and creates at most 1000 new files", async () => {
    const doc = JSON.parse(readFileSync(VGPS, "utf8"));
    await expect(session.api.saveFile("big.foresight.json", { ...doc, description: "d".repeat(5_000_000) })).rejects.toThrow(
      /^saveFile: the pipeline is \d+ bytes formatted, more than the 4194304 the editor saves; nothing was written$/,
    );
    expect(existsSync(join(session.editor.root, "big.foresight.json"))).toBe(false);
    for (let i = 0; i < 1000; i++) await session.api.saveFile(`many/${i}.foresight.json`, doc);
    await expect(session.api.saveFile("many/1000.foresight.json", doc)).rejects.toThrow(
      "saveFile: many/1000.foresight.json: this host has created 1000 new files since it started, the most it creates",
    );
    expect(existsSync(join(session.editor.root, "many/1000.foresight.json"))).toBe(false);
    // Saving over a file it has is always possible.
    await session.api.saveFile("many/0.foresight.json", { ...doc, name: "again" });
  }, 60_000);
});
