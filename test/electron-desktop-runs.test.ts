import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { call, fake, messages, openWindows, type FakeWindow } from "./fixtures/fake-electron.js";
import { tempDir } from "./fixtures/foresight-process.js";

/**
 * The desktop app's live runs and its windows, with a fake Electron (test/fixtures/fake-electron.ts)
 * and real runs: the built app (dist/), whose runs play in a real worker thread (host/run-worker.js).
 */
vi.mock("electron", async () => (await import("./fixtures/fake-electron.js")).electronModule());

const { startDesktopApp } = (await import(resolve("dist/electron/desktop-app.js"))) as typeof import("../electron/desktop-app.js");

const home = tempDir("desktop-runs");
// Another file of this process may have started an app with the same fake (vitest.config.ts, isolate: false).
fake.reset();
fake.state.userData = join(home, "profile");
fake.state.documents = join(home, "Documents");
mkdirSync(join(home, "project"));
const files = ["first", "second"].map((name) => join(home, "project", `${name}.foresight.json`));
for (const file of files) copyFileSync("examples/gridworld-vgps.foresight.json", file);

const pushes = (window: FakeWindow, from = 0) => messages(window).map((m) => (m as { push: string }).push).slice(from);

describe("the desktop app's live runs and a window that loads", () => {
  it("keeps a run's events from a window whose page is loading, and gives it the run's end once it listens", async () => {
    const argv = process.argv;
    process.argv = ["/opt/Foresight/foresight-app", ...files];
    try {
      startDesktopApp();
    } finally {
      process.argv = argv;
    }
    await vi.waitFor(() => expect(openWindows()).toHaveLength(2));
    const [shown, loading] = openWindows();
    for (const window of [shown!, loading!]) await call(window, "ready", {});
    // The second window reloads: its page listens again only once it calls `ready`.
    for (const listener of loading!.contentsListeners.get("did-start-loading") ?? []) listener();
    const before = { shown: pushes(shown!).length, loading: pushes(loading!).length };

    const doc = JSON.parse(readFileSync(files[0]!, "utf8")) as unknown;
    expect(await call(shown!, "startRun", { doc, path: files[0], options: { episodes: 20, traceLevel: "full" } })).toMatchObject({ result: { runId: expect.any(String) } });
    await vi.waitFor(() => expect(pushes(shown!, before.shown)).toContain("run.ended"), { timeout: 30_000 });
    expect(pushes(shown!, before.shown)).toContain("run.events");
    expect(pushes(loading!)).toHaveLength(before.loading);

    await call(loading!, "ready", {});
    expect(pushes(loading!, before.loading)).toContain("run.ended");
    expect(pushes(loading!, before.loading)).not.toContain("run.events");
  });

  it("asks about unsaved changes before a quit stops anything: Cancel keeps the app and its runs; the next quit stops them, then quits", async () => {
    const [window, other] = openWindows();
    await call(window!, "setDocumentState", { path: files[0], name: "first", dirty: true });
    const doc = JSON.parse(readFileSync(files[0]!, "utf8")) as unknown;
    const started = await call(window!, "startRun", { doc, path: files[0], options: { episodes: 1_000_000, traceLevel: "off" } });
    expect(started).toMatchObject({ result: { runId: expect.any(String) } });
    const from = pushes(window!).length;
    const quits = fake.state.quit;
    const asked = fake.state.messageBoxes.length;
    let prevented = 0;
    const beforeQuit = () => fake.emitApp("before-quit", { preventDefault: () => prevented++ });

    // Cmd+Q, and Cancel in the first window's prompt.
    fake.state.messageBoxResponse = 2;
    beforeQuit();
    expect(prevented).toBe(1);
    expect(fake.state.messageBoxes).toHaveLength(asked + 1);
    expect(openWindows()).toEqual([window, other]);
    await new Promise((r) => setTimeout(r, 300));
    expect(pushes(window!, from)).not.toContain("run.ended");
    const { runId } = (started as { result: { runId: string } }).result;
    expect(await call(other!, "listLiveRuns", {})).toMatchObject({ result: [expect.objectContaining({ runId })] });
    expect(fake.state.quit).toBe(quits);

    // Quit again, and Don't Save: both windows close, the run is stopped, then the app quits for real.
    fake.state.messageBoxResponse = 1;
    beforeQuit();
    expect(prevented).toBe(2);
    expect(openWindows()).toEqual([]);
    await vi.waitFor(() => expect(fake.state.quit).toBe(quits + 1), { timeout: 20_000 });
    // That the runs were stopped before this quit: test/electron-quit-sequence.test.ts.
    beforeQuit();
    expect(prevented).toBe(2);
  }, 60_000);
});
