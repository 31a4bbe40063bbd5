import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import WebSocket from "ws";
import { apiUrlFromPage, WebSocketTransport, type WebSocketLike } from "../protocol/index.js";
import { projectCopy } from "./fixtures/editor-server.js";
import { foresightAsync } from "./fixtures/foresight-process.js";
import { serve } from "./fixtures/serve-process.js";

describe("foresight serve (the command)", () => {
  it("prints the editor's URL, which answers with the token (200) and not without (401); Ctrl+C stops it and its runs cleanly", async () => {
    const root = projectCopy();
    const { child, url, exit } = await serve("--port", "0", "--root", root);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}$/);
    expect((await fetch(url)).status).toBe(200);
    expect((await fetch(url.replace(/\?.*/, ""))).status).toBe(401);

    const origin = new URL(url).origin;
    const api = await WebSocketTransport.connect(apiUrlFromPage(url), { createSocket: (address) => new WebSocket(address, { origin }) as unknown as WebSocketLike });
    let steps = 0;
    api.onRunEvents((_, events) => (steps += events.filter((e) => e.type === "step.end").length));
    await api.startRun(JSON.parse(readFileSync("examples/gridworld-vgps.foresight.json", "utf8")), "examples/gridworld-vgps.foresight.json", { episodes: 100_000, traceLevel: "steps" });
    while (steps === 0) await new Promise((r) => setTimeout(r, 20));
    const closed = new Promise<string>((resolve) => api.onClosed(resolve));
    child.kill("SIGINT");
    expect(await exit).toBe(0);
    await closed;
    const [runDir] = readdirSync(join(root, "runs"));
    expect(JSON.parse(readFileSync(join(root, "runs", runDir!, "summary.json"), "utf8")).status).toBe("stopped");
    rmSync(root, { recursive: true, force: true });
  });

  it("exits 2 with a one-line reason when the port is taken", async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const port = (taken.address() as { port: number }).port;
    const result = await foresightAsync("serve", "--port", String(port));
    taken.close();
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(new RegExp(`^foresight: port ${port} is already in use \\(.*\\); choose another with --port\\n$`));
  });

  it("warns when it listens beyond this machine", async () => {
    const { child, stderr, exit } = await serve("--port", "0", "--host", "0.0.0.0");
    expect(stderr()).toContain("foresight: warning: listening on 0.0.0.0, so other machines can reach the editor");
    child.kill("SIGINT");
    expect(await exit).toBe(0);
  });

  it("exits 2 when the root folder does not exist", async () => {
    const result = await foresightAsync("serve", "--port", "0", "--root", "no/such/folder");
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^foresight: the root folder .*no\/such\/folder does not exist\n$/);
  });

  it("exits 2 when the root is a file, not at the first save", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "foresight-root-")), "afile.json");
    writeFileSync(file, "{}");
    const result = await foresightAsync("serve", "--port", "0", "--root", file);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(`foresight: the root folder ${file} is not a folder\n`);
    rmSync(dirname(file), { recursive: true, force: true });
  });
});
