import { spawn, type ChildProcess } from "node:child_process";
import { createServer, connect, type Server, type Socket } from "node:net";
import type { Page } from "playwright-core";
import { afterEach, describe, expect, it } from "vitest";
import { chromium, needs } from "../fixtures/requirements.js";
import { BIN, editorForFile, openFromDialog, runAnyway, runStatus } from "./editor-harness.js";

// The harness's editor lends its browser and its copy of the examples; each test starts serves of its own.
const editor = editorForFile();
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
}, 30_000);

/** `foresight serve` over the editor's root, on `port` (0: any). */
async function serve(port = 0): Promise<{ url: string; port: number; process: ChildProcess }> {
  const server = spawn(process.execPath, [BIN, "serve", "--root", editor.root, "--port", String(port)], { stdio: ["ignore", "pipe", "inherit"] });
  cleanups.push(() => server.exitCode === null && server.signalCode === null && new Promise((done) => (server.kill("SIGKILL"), server.once("exit", done))));
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    server.stdout!.on("data", (chunk: Buffer) => {
      const match = /http:\/\/\S+\?token=\S+/.exec((out += chunk.toString()));
      if (match) resolve(match[0]);
    });
    server.once("exit", (code) => reject(new Error(`foresight serve exited (${code})`)));
  });
  return { url, port: Number(new URL(url).port), process: server };
}

/** A TCP proxy to `port` that a test can cut (connections closed, new ones refused) or hang (nothing passes, nothing closes). */
async function proxyTo(port: number) {
  const links = new Set<[Socket, Socket]>();
  const hung: Socket[] = [];
  let refusing = false;
  const proxy: Server = createServer((client) => {
    if (refusing) return void client.destroy();
    const upstream = connect(port, "127.0.0.1");
    const link: [Socket, Socket] = [client, upstream];
    links.add(link);
    client.pipe(upstream).pipe(client);
    const end = () => (client.destroy(), upstream.destroy(), links.delete(link));
    for (const socket of link) socket.on("error", end).on("close", end);
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => new Promise((done) => ([...links].flat().concat(hung).forEach((socket) => socket.destroy()), proxy.close(done))));
  return {
    port: (proxy.address() as { port: number }).port,
    cut(refuse: boolean) {
      refusing = refuse;
      for (const socket of [...links].flat()) socket.destroy();
    },
    hang() {
      for (const [client, upstream] of links) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
        hung.push(client, upstream);
      }
      links.clear();
    },
  };
}

async function openPage(url: string): Promise<Page> {
  const context = await editor.browser.newContext({ colorScheme: "light", viewport: { width: 1440, height: 900 } });
  cleanups.push(() => context.close());
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  await page.goto(url);
  await page.getByRole("button", { name: "Add Environment" }).waitFor();
  return page;
}

const serverStopped = (port: number) => `foresight serve stopped. Start it again on port ${port} and open the address it prints; your unsaved changes will be offered back there.`;
const notice = (page: Page) => page.getByTestId("notice").textContent();
const episodeShown = (page: Page) => runStatus(page).then((text) => Number(/episode ([\d,]+)/.exec(text ?? "")?.[1]?.replaceAll(",", "")));
const episodesDone = (page: Page) => runStatus(page).then((text) => Number(/[\d,]+\/([\d,]+) successes/.exec(text ?? "")?.[1]?.replaceAll(",", "")));

async function startLongRun(page: Page) {
  await openFromDialog(page, "examples/gridworld-vgps.foresight.json");
  await page.getByRole("tab", { name: "Inspector" }).click();
  await page.getByLabel("episodes", { exact: true }).fill("100000");
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await runAnyway(page);
  await expect.poll(() => episodesDone(page), { timeout: 20_000 }).toBeGreaterThan(3);
}

/** The run goes on in the page once more: its count moves past where it stood, and Stop stops it. */
async function drivesTheRunAgain(page: Page) {
  await expect.poll(() => runStatus(page), { timeout: 15_000 }).toMatch(/^Running: /);
  const reattachedAt = await episodeShown(page);
  await expect.poll(() => episodeShown(page), { timeout: 20_000 }).toBeGreaterThan(reattachedAt + 2);
  await page.getByRole("button", { name: "Stop", exact: true }).click();
  await expect.poll(() => runStatus(page), { timeout: 20_000 }).toContain("Run stopped");
}

describe("the editor's connection to foresight serve", needs(chromium()), () => {
  it("reconnects after the link was cut for 5 s, says so meanwhile, and drives the run again", async () => {
    const server = await serve();
    const proxy = await proxyTo(server.port);
    const page = await openPage(server.url.replace(`:${server.port}/`, `:${proxy.port}/`));
    await startLongRun(page);
    proxy.cut(true);
    await expect.poll(() => notice(page)).toMatch(/Reconnecting…$/);
    await page.waitForTimeout(5_000);
    proxy.cut(false);
    await expect.poll(() => notice(page), { timeout: 15_000 }).toMatch(/^Reconnected to the server; re-attached to the run /);
    await drivesTheRunAgain(page);
  }, 120_000);

  it("notices a link that passes nothing and never closes, and reconnects", async () => {
    const server = await serve();
    const proxy = await proxyTo(server.port);
    const page = await openPage(server.url.replace(`:${server.port}/`, `:${proxy.port}/`));
    await startLongRun(page);
    proxy.hang();
    await expect.poll(() => notice(page), { timeout: 30_000 }).toMatch(/^Reconnected to the server; re-attached to the run /);
    await drivesTheRunAgain(page);
  }, 120_000);

  it("once serve was stopped (SIGTERM: it stops its runs first), the run it stopped says the server stopped it, not a Stop of the user's, and keeps its folder; the page says serve stopped at once", async () => {
    const server = await serve();
    const page = await openPage(server.url);
    await startLongRun(page);
    server.process.kill("SIGTERM");
    // Told by serve's close frame: no reconnecting for 20 s first.
    await expect.poll(() => notice(page), { timeout: 10_000 }).toBe(serverStopped(server.port));
    expect(await runStatus(page)).toMatch(/^Run stopped as the server stopped — \d+ episodes?, .* · runs\/gridworld-vgps-/);
  }, 120_000);

  it("once serve was killed and started again (a new token), the run is lost, Run is offered again and messages name no method", async () => {
    const server = await serve();
    const page = await openPage(server.url);
    await startLongRun(page);
    server.process.kill("SIGKILL");
    await serve(server.port);
    await expect.poll(() => notice(page), { timeout: 30_000 }).toBe(serverStopped(server.port));
    expect(await runStatus(page)).toBe("Run lost contact: the server stopped");
    await expect.poll(() => page.getByTestId("status:env").getAttribute("aria-label").catch(() => "none")).not.toMatch(/running/);
    const run = page.getByRole("button", { name: "Run", exact: true });
    expect(await run.isEnabled()).toBe(true);
    await run.click();
    await expect.poll(() => runStatus(page)).toMatch(/^Run could not start: not connected to the server/);
    expect(await runStatus(page)).not.toMatch(/trustInfo|startRun|code 1006/);
  }, 120_000);

  it("offers a stopped serve's unsaved changes in a tab opened on it once restarted on its port, the old tab still open", async () => {
    const server = await serve();
    const page = await openPage(server.url);
    await page.getByRole("button", { name: "Add Environment" }).click();
    // Kept in the browser half a second after the edit (unsaved-backups.ts).
    await page.waitForTimeout(1_000);
    server.process.kill("SIGKILL");
    const restarted = await serve(server.port);
    // Opened before the old tab has noticed: its changes are offered once it has (its mark goes).
    const next = await page.context().newPage();
    next.setDefaultTimeout(10_000);
    await next.goto(restarted.url);
    await next.getByRole("button", { name: "Add Environment" }).waitFor();
    await expect.poll(() => notice(page), { timeout: 30_000 }).toBe(serverStopped(server.port));
    const offer = next.getByRole("dialog", { name: "Restore unsaved changes?" });
    await offer.waitFor();
    await offer.getByRole("button", { name: /^Restore / }).click();
    await expect.poll(() => next.locator(".react-flow__node").count()).toBe(1);
    expect(await next.title()).toContain("●");
  }, 120_000);
});
