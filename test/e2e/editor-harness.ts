import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, expect } from "vitest";
import { CHROMIUM } from "../fixtures/requirements.js";

/** The compiled CLI, as users run it (npm test builds first, the editor included). */
export const BIN = join(process.cwd(), "bin/foresight.js");

const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** The key shortcuts are held with: ⌘ on macOS, Ctrl elsewhere. */
export const mod = process.platform === "darwin" ? "Meta" : "Control";

export interface Editor {
  root: string;
  url: string;
  /** Shared with other files: a test that opens a context of its own closes it. */
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

export interface OpenOptions {
  beforeLoad?: (page: Page, url: string) => Promise<void>;
  serveArgs?: string[];
}

/**
 * The editor a test file's tests share: opened before the first (then `prepare` runs on it), closed
 * after the last; with `freshDocument`, New before each test (an empty pipeline, whatever the one
 * before left). Its fields are there inside the tests and hooks.
 */
export function editorForFile(options: OpenOptions & { freshDocument?: boolean; prepare?: (editor: Editor) => unknown } = {}): Editor {
  let opened: Editor | undefined;
  const current = () => opened ?? expect.unreachable("the editor is opened in beforeAll: use it inside a test or hook");
  beforeAll(async () => {
    opened = await openEditor(options);
    await options.prepare?.(opened);
  }, 60_000);
  afterAll(async () => opened?.close());
  // A test that failed midway may have left its run going; the next test would share the machine with it.
  // (A stop may take its 20 s poll: past vitest's default 10 s for hooks.)
  beforeEach(({ onTestFailed }) => onTestFailed(() => stopRunLeftGoing(current().page), 30_000));
  if (options.freshDocument) beforeEach(() => newDocument(current().page));
  return {
    get root() {
      return current().root;
    },
    get url() {
      return current().url;
    },
    get browser() {
      return current().browser;
    },
    get page() {
      return current().page;
    },
    close: () => current().close(),
  };
}

/**
 * `foresight serve` over a fresh copy of the examples and models, and a light-themed Chromium page on it.
 * `beforeLoad` prepares the page before it loads (the desktop tests give it a bridge there); `serveArgs`
 * are more arguments for `foresight serve` (e.g. `--kinds <module>`).
 */
export async function openEditor(options: OpenOptions = {}): Promise<Editor> {
  const root = mkdtempSync(join(tmpdir(), "foresight-e2e-"));
  cpSync("examples", join(root, "examples"), { recursive: true });
  mkdirSync(join(root, "assets"));
  cpSync("assets/models", join(root, "assets/models"), { recursive: true });
  const server = spawn(process.execPath, [BIN, "serve", "--root", root, "--port", "0", ...(options.serveArgs ?? [])], { stdio: ["ignore", "pipe", "pipe"] });
  const url = await printedUrl(server);
  const browser = await sharedBrowser();
  const context = await browser.newContext({ colorScheme: "light", viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  // Fail a step in seconds, not after playwright's default 30 s (the test's own timeout is the bound).
  page.setDefaultTimeout(10_000);
  page.on("pageerror", (error) => console.error("page error:", error));
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") console.error(`page console ${message.type()}: ${message.text()}`);
  });
  await options.beforeLoad?.(page, url);
  await page.goto(url);
  await page.getByRole("button", { name: "Add Environment" }).waitFor();
  return {
    root,
    url,
    browser,
    page,
    async close() {
      await context.close();
      server.kill("SIGTERM");
      await new Promise((resolve) => (server.exitCode !== null ? resolve(null) : server.once("exit", resolve)));
      rmSync(root, { recursive: true, force: true });
    },
  };
}

let launched: Promise<Browser> | undefined;

/**
 * One Chromium for every end-to-end file of the test process (files share modules: vitest.config.ts),
 * each file in a context of its own (its own storage, like a fresh profile): starting and closing a
 * browser per file cost about 1.3 s of each. Playwright ends it with the process. Started again if it died.
 */
async function sharedBrowser(): Promise<Browser> {
  const running = await launched?.catch(() => undefined);
  if (running?.isConnected()) return running;
  launched = chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  return launched;
}

function printedUrl(server: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    server.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /http:\/\/\S+\?token=\S+/.exec(out);
      if (match) resolve(match[0]);
    });
    server.stderr!.on("data", (chunk: Buffer) => (err += chunk.toString()));
    server.once("exit", (code) => reject(new Error(`foresight serve exited (${code}) before printing its address: ${err}`)));
  });
}

export type Box = { x: number; y: number; width: number; height: number };

/** Every card's box on screen, in the document's order, measured in one go (a moving view moves them all alike). */
export function cardBoxes(page: Page): Promise<Box[]> {
  return page.evaluate("[...document.querySelectorAll('.react-flow__node')].map((card) => card.getBoundingClientRect().toJSON())") as Promise<Box[]>;
}

/** The cards' boxes once they have stopped moving: the same in two looks 250 ms apart (a glide or scroll has ended). */
export async function restingCardBoxes(page: Page): Promise<Box[]> {
  let last = "";
  await expect.poll(async () => last === (last = JSON.stringify(await cardBoxes(page))), { interval: 250, timeout: 10_000 }).toBe(true);
  return JSON.parse(last) as Box[];
}

/** Drags from one handle to another with the mouse, as a user draws an edge. */
export async function dragHandle(page: Page, fromTestId: string, toTestId: string): Promise<void> {
  const from = await page.getByTestId(fromTestId).boundingBox();
  const to = await page.getByTestId(toTestId).boundingBox();
  if (!from || !to) throw new Error(`handle ${from ? toTestId : fromTestId} is not visible`);
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 5 });
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 5 });
  await page.mouse.up();
}

/**
 * Opens `entry` from the Open dialog (a file's path under the root, or `Template <name>`),
 * discarding unsaved changes when the editor asks, and waits until it is the document shown: the
 * tab is titled with it, unchanged, its nodes are drawn and the fields have followed it (a field
 * typed into before then could be overwritten mid-typing: "200" with "2" typed became "2002").
 */
export async function openFromDialog(page: Page, entry: string): Promise<void> {
  await page.getByRole("button", { name: "Open", exact: true }).click();
  // The confirmation (unsaved changes) or the Open dialog: wait for one before deciding.
  const discard = page.getByRole("dialog").getByRole("button", { name: "Discard changes" });
  await discard.or(page.getByRole("dialog", { name: "Open a pipeline" })).first().waitFor();
  if (await discard.isVisible()) await discard.click();
  await page.getByRole("dialog").getByRole("button", { name: entry, exact: true }).click();
  const label = entry.startsWith("Template ") ? entry.slice("Template ".length) : basename(entry);
  await expect.poll(() => page.title()).toBe(`${label} — Foresight`);
  await expect.poll(() => page.locator(".react-flow__node").count()).toBeGreaterThan(0);
  // Two frames: React has run the effects of the load (the inspector's fields take the new values).
  await page.evaluate("new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))");
}

/**
 * Reloads the page as a user would, and waits for the editor; unsaved changes it had are left for
 * later ("Not now" where the new page offers them back).
 */
export async function reloadEditor(page: Page): Promise<void> {
  await page.reload();
  await page.getByRole("button", { name: "Add Environment" }).waitFor();
  // The question renders with the editor, in the same frame.
  const restore = page.getByRole("dialog", { name: "Restore unsaved changes?" });
  if (await restore.isVisible()) await restore.getByRole("button", { name: "Not now" }).click();
}

/** The toolbar's run status line (a marquee: not read out as it changes), as text. */
export function runStatus(page: Page): Promise<string | null> {
  return page.getByRole("banner").getByRole("marquee", { name: "Run status" }).textContent();
}

/**
 * How long a pause may take to land: the host says "paused" only once every event it had queued has
 * reached the page (on a loaded two-core machine, seconds of a full trace's events: 8.8 s was seen).
 */
export const PAUSE_TIMEOUT = 30_000;

/**
 * Pauses the run the toolbar drives, by clicking Pause or by `pause` where given (a key, say), and
 * waits until the status says it has paused.
 */
export async function pauseRun(page: Page, pause?: () => Promise<void>): Promise<void> {
  await (pause ? pause() : page.getByRole("button", { name: "Pause", exact: true }).click());
  await expect.poll(() => runStatus(page), { timeout: PAUSE_TIMEOUT }).toMatch(/^Paused: /);
}

/** Stops the run the toolbar drives, if one is going, and waits until it has stopped. */
export async function stopRunLeftGoing(page: Page): Promise<void> {
  const stop = page.getByRole("button", { name: "Stop", exact: true });
  if (!(await stop.isEnabled())) return;
  await stop.click();
  await expect.poll(() => runStatus(page), { timeout: 20_000 }).toContain("Run stopped");
}

/** New: an empty, untitled pipeline, discarding unsaved changes when the editor asks. */
export async function newDocument(page: Page): Promise<void> {
  await page.getByRole("button", { name: "New", exact: true }).click();
  const discard = page.getByRole("dialog").getByRole("button", { name: "Discard changes" });
  if (await discard.isVisible()) await discard.click();
  await expect.poll(() => page.locator(".react-flow__node").count()).toBe(0);
}

/** Opens `entry` from the Open dialog, runs `episodes` of it from the toolbar and waits until the run has completed. */
export async function runFromDialog(page: Page, entry: string, episodes: number, timeout = 60_000): Promise<void> {
  await openFromDialog(page, entry);
  await page.getByLabel("episodes", { exact: true }).fill(String(episodes));
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect.poll(() => runStatus(page), { timeout }).toMatch(new RegExp(`^Run completed — ${episodes} episodes?\\b`));
}

/** Answers the question asked before a run whose `full` trace would be large (TraceSizeDialog): run it as it is. */
export async function runAnyway(page: Page): Promise<void> {
  await page.getByRole("dialog", { name: "This run's trace will be large" }).getByRole("button", { name: "Run anyway" }).click();
}

/**
 * Runs an example on the CLI into the root's runs/ (as a user might, beside the editor), then opens
 * that run from the Runs tab; answers the run folder's name.
 */
export async function openCliRun(editor: Editor, example: string, episodes: number, ...flags: string[]): Promise<string> {
  const { page, root } = editor;
  const before = new Set(existsSync(join(root, "runs")) ? readdirSync(join(root, "runs")) : []);
  execFileSync(process.execPath, [BIN, "run", join(root, `examples/${example}.foresight.json`), "-n", String(episodes), "-q", ...flags, "--out", join(root, "runs")], { cwd: root });
  const run = readdirSync(join(root, "runs")).find((name) => !before.has(name))!;
  await page.getByRole("tab", { name: "Runs" }).click();
  const runs = page.getByRole("region", { name: "Runs" });
  await runs.getByRole("button", { name: "Refresh" }).click();
  await runs.getByRole("button", { name: run, exact: true }).click();
  await expect.poll(() => page.getByTestId("notice").textContent()).toContain(`Opened runs/${run}`);
  return run;
}

/**
 * Screenshots at the two window sizes every UI change is looked at in (1440×900 and 1280×720), as
 * test/e2e/screenshots/<name>-<width>x<height>.png, with `shown` scrolled into view where given;
 * leaves the window at 1440×900.
 */
export async function screenshotAtBothSizes(page: Page, name: string, shown?: Locator): Promise<void> {
  for (const [width, height] of [[1440, 900], [1280, 720]] as const) {
    await page.setViewportSize({ width, height });
    await page.waitForTimeout(300);
    await shown?.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `test/e2e/screenshots/${name}-${width}x${height}.png` });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

/** Replaces everything in the Monaco editor with `code` by pasting it (typing it would auto-close brackets and indent). */
export async function replaceScriptCode(page: Page, code: string) {
  const textbox = page.getByRole("textbox", { name: "Script code" });
  await textbox.focus();
  await page.keyboard.press(`${mod}+a`);
  // Runs in the page (this project's Node types have no DOM).
  await textbox.evaluate((element, text) => {
    const page = globalThis as unknown as { DataTransfer: new () => { setData(type: string, value: string): void }; ClipboardEvent: new (type: string, init: object) => unknown };
    const data = new page.DataTransfer();
    data.setData("text/plain", text);
    (element as unknown as { dispatchEvent(event: unknown): boolean }).dispatchEvent(new page.ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  }, code);
}

/** How far `locator` reaches past the window's bottom or right edge, in px (0: wholly in sight). */
export async function pastTheWindow(page: Page, locator: Locator): Promise<number> {
  const box = (await locator.boundingBox())!;
  const { width, height } = page.viewportSize()!;
  return Math.max(0, Math.round(box.y + box.height - height), Math.round(box.x + box.width - width));
}

/** Sets the window size and waits two frames for the layout to follow. */
export async function atSize(page: Page, width: number, height: number): Promise<void> {
  await page.setViewportSize({ width, height });
  await page.evaluate("new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))");
}
