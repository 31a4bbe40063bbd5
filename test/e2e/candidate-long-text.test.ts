import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startFakeChatServer } from "../fixtures/fake-chat-server.js";
import { chromium, needs } from "../fixtures/requirements.js";
import { editorForFile, openFromDialog, runFromDialog, runStatus, screenshotAtBothSizes } from "./editor-harness.js";

const FILE = "examples/shopping-confidence-long.foresight.json";
const LONG = `search[${"x".repeat(300)}]`;

let server: Awaited<ReturnType<typeof startFakeChatServer>>;

const editor = editorForFile({
  prepare: async ({ root }) => {
    // Each step's first completion reads as no action; the others name one long search, each with its own confidence.
    server = await startFakeChatServer((_prompt, choice) => (choice === 0 ? "I would rather\nnot say." : { content: `Action: ${LONG}`, logprob: -1 - choice / 10 }));
    const doc = JSON.parse(readFileSync(join(root, "examples/shopping-confidence.foresight.json"), "utf8")) as { name: string; run: Record<string, unknown>; nodes: { id: string; params: Record<string, unknown> }[] };
    doc.name = "shopping-confidence-long";
    doc.run = { ...doc.run, episodes: 1, maxSteps: 2 };
    const policy = doc.nodes.find((node) => node.id === "policy")!;
    policy.params = { ...policy.params, baseUrl: server.url, apiKeyEnv: "FORESIGHT_TEST_LLM_KEY", cache: "off" };
    writeFileSync(join(root, FILE), JSON.stringify(doc, null, 2));
  },
});

afterAll(() => server?.close());

describe("an LLM's long and unreadable answers in the step inspector", needs(chromium()), () => {
  it("cuts a long action with an ellipsis, keeps the scene readable and the score in view, and says “no action” where none was read", async () => {
    const { page } = editor;
    await openFromDialog(page, FILE);
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await page.getByRole("dialog", { name: `Send requests to ${server.url}?` }).getByRole("button", { name: "Trust and run" }).click();
    await expect.poll(() => runStatus(page), { timeout: 30_000 }).toMatch(/^Run completed — 1 episode/);
    await page.getByRole("tab", { name: "Step", exact: true }).click();
    const inspector = page.getByRole("region", { name: "Step inspector" });
    await page.getByRole("slider", { name: "Step" }).fill("0");
    const table = inspector.getByRole("table", { name: "Candidates" });
    await expect.poll(() => table.locator("tbody tr").count()).toBe(8);

    const actions = table.locator('td[data-column="action"]');
    expect(await actions.allTextContents()).toContain("— (no action)");
    expect(await actions.allTextContents()).not.toContain("null");
    // The long action is all there for a screen reader and in its tooltip, cut on screen.
    const long = actions.filter({ hasText: LONG }).first();
    expect(await long.getAttribute("title")).toBe(LONG);
    expect((await long.boundingBox())!.width).toBeLessThan(300);
    // The columns up to the score the executor takes (Q) within the table's box, not 5,000 px to its right.
    const scroll = inspector.locator(".table-scroll");
    const room = (await scroll.boundingBox())!;
    for (const header of (await table.getByRole("columnheader").all()).slice(0, 6)) {
      const box = (await header.boundingBox())!;
      expect(box.x + box.width, (await header.textContent()) ?? "").toBeLessThanOrEqual(room.x + room.width + 1);
    }
    // The verdict column (the last) in view at the box's right edge, the rest scrolled under it.
    const last = (await table.getByRole("columnheader").last().boundingBox())!;
    expect(last.x + last.width).toBeLessThanOrEqual(room.x + room.width + 1);
    // The shop page beside it keeps a readable width, its proposed query and the outcome line wrapped within it.
    const rightEdge = async (selector: string) => ((box) => box.x + box.width)((await inspector.locator(selector).boundingBox())!);
    expect(await rightEdge(".step-outcome"), "outcome").toBeLessThanOrEqual(room.x);
    expect(await rightEdge(".shop-others"), "queries").toBeLessThanOrEqual(room.x);
    expect((await inspector.locator(".step-env").boundingBox())!.width).toBeGreaterThan(300);
    await screenshotAtBothSizes(page, "candidates-long-actions", table);
  }, 60_000);

  it("shows the executor's page as text as lines, not one JSON string of \\n escapes", async () => {
    const { page } = editor;
    const io = page.getByRole("region", { name: "Step inspector" }).getByRole("list", { name: "Node inputs and outputs" });
    await io.getByText("executor", { exact: true }).first().click();
    // transition.stateText: the page as the executor read it.
    const text = io.locator(".port-fields > div", { hasText: /^stateText/ }).locator("pre.port-text").first();
    await expect.poll(() => text.count()).toBe(1);
    expect(await text.innerText()).toMatch(/^Instruction: .+\n\[Search\]$/);
    expect(await text.innerText()).not.toContain("\\n");
    await screenshotAtBothSizes(page, "node-io-page-text", text);
  }, 30_000);

  it("keeps shopping-stepq's verdict column in view at 1440×900 with the side panels open", async () => {
    const { page } = editor;
    await runFromDialog(page, "examples/shopping-stepq.foresight.json", 1, 30_000);
    await page.getByRole("tab", { name: "Step", exact: true }).click();
    await page.getByRole("slider", { name: "Episode" }).fill("0");
    await page.getByRole("slider", { name: "Step" }).fill("0");
    const inspector = page.getByRole("region", { name: "Step inspector" });
    const table = inspector.getByRole("table", { name: "Candidates" });
    await expect.poll(() => table.locator("tbody tr").count()).toBeGreaterThan(1);
    const lastInView = async () => {
      const room = (await inspector.locator(".table-scroll").boundingBox())!;
      const last = (await table.getByRole("columnheader", { name: /selected/ }).boundingBox())!;
      return last.x + last.width <= room.x + room.width + 1 && last.x + last.width <= 1440;
    };
    expect(await lastInView()).toBe(true);
    await page.screenshot({ path: "test/e2e/screenshots/shopping-stepq-verdict-1440x900.png" });
  }, 60_000);
});
