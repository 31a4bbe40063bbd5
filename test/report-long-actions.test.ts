import { readdirSync } from "node:fs";
import { join } from "node:path";
import { chromium as playwright } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeChatServer } from "./fixtures/fake-chat-server.js";
import { foresightAsync, tempDir } from "./fixtures/foresight-process.js";
import { CHROMIUM, chromium, needs } from "./fixtures/requirements.js";

// An LLM policy whose every answer names one 300-character search: the executed action of each step is
// that long. The chat server is the local test double of the OpenAI protocol (test/fixtures/fake-chat-server.ts).
const LONG = `search[${"x".repeat(300)}]`;
const out = tempDir("report-long-actions");
let server: Awaited<ReturnType<typeof startFakeChatServer>>;
beforeAll(async () => (server = await startFakeChatServer(() => `Action: ${LONG}`)));
afterAll(() => server?.close());

describe("a report of a run whose actions are long text", () => {
  // The action cell took the whole text on one line (the episode table ran 2,700 px wide, reward, candidates and scores
  // off the page), and a node's note quoting the answer ran the page as wide.
  it("wraps an action within its column and a note quoting it, so the episode table and the page fit the window", { ...needs(chromium()), timeout: 60_000 }, async () => {
    const sets = [`policy.baseUrl=${server.url}`, "policy.cache=off", "run.maxSteps=2"].flatMap((set) => ["--set", set]);
    const ran = await foresightAsync("run", "examples/shopping-confidence.foresight.json", "-n", "1", "-q", "--out", out, ...sets);
    expect(ran.code, ran.stderr).toBe(0);
    const runDir = join(out, readdirSync(out)[0]!);
    const file = join(out, "report.html");
    const reported = await foresightAsync("report", runDir, "--episode", "0", "--out", file);
    expect(reported.code, reported.stderr).toBe(0);
    const browser = await playwright.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu"] });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
      await page.goto(`file://${file}`);
      // In the page (a string: these tests compile without the DOM's types).
      const layout = (await page.evaluate(`(() => {
        const cells = [...document.querySelectorAll("td > code")].map((code) => code.parentElement);
        const table = cells[0].closest("table");
        return { actions: cells.map((cell) => cell.textContent), table: table.getBoundingClientRect().right, page: document.documentElement.scrollWidth };
      })()`)) as { actions: string[]; table: number; page: number };
      expect(layout.actions).toContain(LONG);
      // The step whose answers named none: said so, as the step inspector says it, not "null".
      expect(layout.actions).toContain("— (no action)");
      expect(layout.table).toBeLessThanOrEqual(1280);
      expect(layout.page).toBeLessThanOrEqual(1280);
    } finally {
      await browser.close();
    }
  });
});
