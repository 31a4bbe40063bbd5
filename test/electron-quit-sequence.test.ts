import { describe, expect, it } from "vitest";
import { quitSequence } from "../electron/quit-sequence.js";

/** Windows that answer a close as their user would: close, keep (Cancel), or wait (Save, until saved). */
function app(answers: ("close" | "keep" | "wait")[]) {
  const log: string[] = [];
  let stopped: () => void = () => undefined;
  const windows = answers.map((answer, index) => ({
    close: () => {
      log.push(`ask ${index}`);
      if (answer === "keep") quit.cancel();
      if (answer !== "close") return;
      windows.splice(windows.findIndex((w) => w.index === index), 1);
      quit.closeNext();
    },
    index,
  }));
  const quit = quitSequence({
    nextWindow: () => windows[0],
    stopRuns: () => {
      log.push("stop runs");
      return new Promise<void>((resolve) => (stopped = resolve));
    },
    quit: () => log.push("quit"),
  });
  let prevented = 0;
  const beforeQuit = () => quit.beforeQuit({ preventDefault: () => prevented++ });
  return { log, windows, quit, beforeQuit, prevented: () => prevented, runsStopped: () => stopped() };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe("quitting the desktop app (electron/quit-sequence.ts)", () => {
  it("closes the windows one at a time, then stops the runs, then quits for real", async () => {
    const { log, beforeQuit, prevented, runsStopped } = app(["close", "close"]);
    beforeQuit();
    expect(log).toEqual(["ask 0", "ask 1", "stop runs"]);
    beforeQuit();
    expect(log).toEqual(["ask 0", "ask 1", "stop runs"]);
    runsStopped();
    await tick();
    expect(log.at(-1)).toBe("quit");
    beforeQuit();
    expect(prevented()).toBe(2);
  });

  it("stops nothing when a window is kept (Cancel), and a later quit goes through", async () => {
    const { log, windows, beforeQuit, runsStopped } = app(["close", "keep", "close"]);
    beforeQuit();
    expect(log).toEqual(["ask 0", "ask 1"]);
    windows.splice(0, windows.length);
    beforeQuit();
    expect(log).toEqual(["ask 0", "ask 1", "stop runs"]);
    runsStopped();
    await tick();
    expect(log.at(-1)).toBe("quit");
  });

  it("waits for a window's save, goes on once it closes, and asks it again if quit again meanwhile", () => {
    const { log, windows, quit, beforeQuit } = app(["wait", "close"]);
    beforeQuit();
    expect(log).toEqual(["ask 0"]);
    beforeQuit();
    expect(log).toEqual(["ask 0", "ask 0"]);
    // Saved: the window closes.
    windows.shift();
    quit.closeNext();
    expect(log).toEqual(["ask 0", "ask 0", "ask 1", "stop runs"]);
  });
});
