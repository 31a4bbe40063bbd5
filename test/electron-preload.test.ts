import { readFileSync } from "node:fs";
import { runInNewContext } from "node:vm";
import { describe, expect, it, vi } from "vitest";
import { bridgeMethodNames, CALL_CHANNEL, DROP_CHANNEL, MESSAGE_CHANNEL } from "../electron/ipc.js";
import { BridgeTransport, type DesktopMessage, type ForesightBridge, type RunEnded, type RunEvent } from "../protocol/index.js";

const PRELOAD = "dist/electron/preload.cjs";

/**
 * Loads the compiled preload as a sandboxed Electron preload runs: CommonJS, `require` answering
 * only "electron" (a fake with contextBridge, ipcRenderer and webUtils), a window to listen on.
 */
function loadPreload() {
  const exposed = new Map<string, unknown>();
  const required: string[] = [];
  const ipcListeners = new Map<string, Set<(event: unknown, message: unknown) => void>>();
  const windowListeners = new Map<string, (event: unknown) => void>();
  const invoke = vi.fn(async (_channel: string, method: string, params: unknown): Promise<unknown> => {
    if (method === "describeKinds") return { id: 0, result: { kinds: [], portTypes: [] } };
    return { id: 0, error: { message: `${method}: refused (${JSON.stringify(params)})` } };
  });
  const send = vi.fn();
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
    ipcRenderer: {
      invoke,
      send,
      on: (channel: string, listener: (event: unknown, message: unknown) => void) => {
        const set = ipcListeners.get(channel) ?? new Set();
        set.add(listener);
        ipcListeners.set(channel, set);
      },
      removeListener: (channel: string, listener: (event: unknown, message: unknown) => void) => ipcListeners.get(channel)?.delete(listener),
    },
    webUtils: { getPathForFile: (file: { path?: string }) => file.path ?? "" },
  };
  const module = { exports: {} };
  runInNewContext(readFileSync(PRELOAD, "utf8"), {
    require: (name: string) => {
      required.push(name);
      if (name !== "electron") throw new Error(`a sandboxed preload cannot require ${name}`);
      return electron;
    },
    module,
    exports: module.exports,
    window: { addEventListener: (type: string, listener: (event: unknown) => void) => windowListeners.set(type, listener) },
  });
  const push = (message: DesktopMessage) => {
    for (const listener of ipcListeners.get(MESSAGE_CHANNEL) ?? []) listener({ sender: "ipc" }, message);
  };
  return { exposed, required, invoke, send, push, ipcListeners, windowListeners };
}

describe("the preload bridge (compiled, loaded with a fake electron)", () => {
  it("requires only electron and exposes exactly one object, window.foresight, with call and onMessage", () => {
    const { exposed, required } = loadPreload();
    expect(required).toEqual(["electron"]);
    expect([...exposed.keys()]).toEqual(["foresight"]);
    const bridge = exposed.get("foresight") as Record<string, unknown>;
    expect(Object.keys(bridge).sort()).toEqual(["call", "onMessage"]);
    expect(typeof bridge["call"]).toBe("function");
    expect(JSON.stringify(bridge)).not.toMatch(/ipcRenderer|invoke|send/);
  });

  it("allows exactly the protocol's and the desktop's method names (the same list as main)", async () => {
    const source = readFileSync(PRELOAD, "utf8");
    const list = /const METHODS = (\[[^\]]*\])/.exec(source);
    expect(JSON.parse(list![1]!.replace(/,\s*\]/, "]"))).toEqual(bridgeMethodNames());
    const { exposed, invoke } = loadPreload();
    const bridge = exposed.get("foresight") as ForesightBridge;
    await expect(bridge.call("nope" as "describeKinds", {})).rejects.toThrow('unknown method "nope"');
    await expect(bridge.call(42 as unknown as "describeKinds", {})).rejects.toThrow("unknown method 42");
    expect(invoke).not.toHaveBeenCalled();
  });

  it("calls main on its one channel: results resolve, error replies reject with main's message", async () => {
    const { exposed, invoke } = loadPreload();
    const bridge = exposed.get("foresight") as ForesightBridge;
    expect(await bridge.call("describeKinds", {})).toEqual({ kinds: [], portTypes: [] });
    expect(invoke).toHaveBeenLastCalledWith(CALL_CHANNEL, "describeKinds", {});
    await expect(bridge.call("readFile", { path: "/etc/passwd" })).rejects.toThrow('readFile: refused ({"path":"/etc/passwd"})');
  });

  it("hands main's messages to subscribers (never the IPC event) until they unsubscribe", () => {
    const { exposed, push } = loadPreload();
    const bridge = exposed.get("foresight") as ForesightBridge;
    const received: unknown[][] = [];
    const off = bridge.onMessage((...args) => received.push(args));
    push({ push: "menu.command", command: "save" });
    off();
    push({ push: "menu.command", command: "run" });
    expect(received).toEqual([[{ push: "menu.command", command: "save" }]]);
  });

  it("sends the paths of files dropped from the system on its own channel; other drags pass through", () => {
    const { windowListeners, send } = loadPreload();
    const prevented = vi.fn();
    windowListeners.get("drop")!({ preventDefault: prevented, dataTransfer: { types: ["Files"], files: [{ path: "/home/u/a.foresight.json" }, {}] } });
    expect(prevented).toHaveBeenCalledOnce();
    expect(send).toHaveBeenCalledExactlyOnceWith(DROP_CHANNEL, ["/home/u/a.foresight.json"]);
    const paletteDrag = vi.fn();
    windowListeners.get("drop")!({ preventDefault: paletteDrag, dataTransfer: { types: ["application/x-foresight-kind"], files: [] } });
    windowListeners.get("dragover")!({ preventDefault: paletteDrag, dataTransfer: { types: ["application/x-foresight-kind"], files: [] } });
    expect(paletteDrag).not.toHaveBeenCalled();
    expect(send).toHaveBeenCalledOnce();
  });
});

/** A bridge as the preload gives it, over an in-memory "main". */
function fakeBridge() {
  const listeners = new Set<(message: DesktopMessage) => void>();
  const calls: [string, unknown][] = [];
  const bridge: ForesightBridge = {
    call: (async (method: string, params: unknown) => {
      calls.push([method, params]);
      if (method === "startRun") return { runId: "r1" };
      if (method === "readFile") throw new Error("readFile: refused");
      return null;
    }) as ForesightBridge["call"],
    onMessage: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return { bridge, calls, push: (message: DesktopMessage) => listeners.forEach((listener) => listener(message)) };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe("BridgeTransport: the renderer's Transport over window.foresight", () => {
  it("maps each Transport method to the same { method, params } as the WebSocket transport", async () => {
    const { bridge, calls } = fakeBridge();
    const transport = new BridgeTransport(bridge);
    await transport.describeKinds();
    await transport.listFiles();
    await transport.saveFile("/a.foresight.json", { name: "a" });
    await transport.validate({ x: 1 });
    await transport.validate({ x: 1 }, "/a.foresight.json");
    await transport.modelInfo("m.onnx", "/a.foresight.json");
    expect(await transport.startRun({}, "/a.foresight.json", { episodes: 2 })).toEqual({ runId: "r1" });
    await transport.controlRun("r1", "pause");
    await transport.desktop("chooseSaveFile", { suggestedName: "a.foresight.json" });
    expect(calls).toEqual([
      ["describeKinds", {}],
      ["listFiles", {}],
      ["saveFile", { path: "/a.foresight.json", doc: { name: "a" } }],
      ["validate", { doc: { x: 1 } }],
      ["validate", { doc: { x: 1 }, path: "/a.foresight.json" }],
      ["modelInfo", { modelPath: "m.onnx", pipelinePath: "/a.foresight.json" }],
      ["startRun", { doc: {}, path: "/a.foresight.json", options: { episodes: 2 } }],
      ["controlRun", { runId: "r1", action: "pause" }],
      ["chooseSaveFile", { suggestedName: "a.foresight.json" }],
    ]);
    await expect(transport.readFile("/etc/passwd.foresight.json")).rejects.toThrow("readFile: refused");
  });

  it("dispatches run pushes, menu commands and files to open to their listeners", async () => {
    const { bridge, push } = fakeBridge();
    const transport = new BridgeTransport(bridge);
    const events: [string, RunEvent[], number][] = [];
    const ends: RunEnded[] = [];
    const commands: string[] = [];
    const files: string[] = [];
    transport.onRunEvents((runId, batch, dropped) => events.push([runId, batch, dropped]));
    transport.onRunEnded((ended) => ends.push(ended));
    const offCommands = transport.onMenuCommand((command) => commands.push(command));
    transport.onOpenFile((path) => files.push(path));
    push({ push: "run.events", runId: "r1", events: [], dropped: 3 });
    push({ push: "run.ended", runId: "r1", outcome: "crashed", message: "boom" });
    push({ push: "menu.command", command: "fit" });
    push({ push: "file.open", path: "/a.foresight.json" });
    await tick();
    offCommands();
    push({ push: "menu.command", command: "run" });
    await tick();
    expect(events).toEqual([["r1", [], 3]]);
    expect(ends).toEqual([{ runId: "r1", outcome: "crashed", message: "boom" }]);
    expect(commands).toEqual(["fit"]);
    expect(files).toEqual(["/a.foresight.json"]);
  });
});
