import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { moveTowardsGoal, startFakeChatServer } from "../fixtures/fake-chat-server.js";
import { chromium, needs } from "../fixtures/requirements.js";
import { editorForFile, openFromDialog, runStatus, screenshotAtBothSizes } from "./editor-harness.js";

const FILE = "examples/gridworld-llm-fake.foresight.json";

let server: Awaited<ReturnType<typeof startFakeChatServer>>;

const editor = editorForFile({
  prepare: async ({ root }) => {
    // The example asks one request per completion, with seeds seed … seed + 3: one of each step's four answers names no action.
    // The model "never-parses" answers nothing any parser can read.
    server = await startFakeChatServer((prompt, _choice, body) => (body.model === "never-parses" || (body.seed ?? 0) % 4 === 1 ? "I would rather\nnot say." : `Action: ${moveTowardsGoal(prompt)}`));
    // The example as shipped (it leaves provider out), talking to the test's chat server, 2 short episodes.
    const doc = JSON.parse(readFileSync(join(root, "examples/gridworld-llm.foresight.json"), "utf8")) as { name: string; run: Record<string, unknown>; nodes: { id: string; params: Record<string, unknown> }[] };
    doc.name = "gridworld-llm-fake";
    doc.run = { ...doc.run, episodes: 2, maxSteps: 6 };
    const policy = doc.nodes.find((node) => node.id === "policy")!;
    policy.params = { ...policy.params, baseUrl: server.url, apiKeyEnv: "FORESIGHT_TEST_LLM_KEY" };
    writeFileSync(join(root, FILE), JSON.stringify(doc, null, 2));
    // The run's first request is rate-limited once: the client retries it.
    server.faults.push({ kind: "status", status: 429, retryAfter: "0" });
  },
});

afterAll(() => server?.close());

const stepInspector = (page: Page) => page.getByRole("region", { name: "Step inspector" });
const trustDialog = (page: Page) => page.getByRole("dialog", { name: `Send requests to ${server.url}?` });

describe("an LLM pipeline in the editor", needs(chromium()), () => {
  let runDir = "";

  it("shows the provider the file leaves out as its default, http", async () => {
    const { page } = editor;
    await openFromDialog(page, FILE);
    await page.getByTestId("node:policy").click();
    await expect.poll(() => page.getByLabel("provider", { exact: true }).inputValue()).toBe("http");
    expect(await page.getByLabel("provider", { exact: true }).getByRole("option", { name: "(choose)" }).count()).toBe(0);
  });

  it("asks before sending requests to the server, naming it, not scripts", async () => {
    const { page } = editor;
    await page.getByRole("button", { name: "Run", exact: true }).click();
    const dialog = trustDialog(page);
    await expect.poll(() => dialog.textContent()).toContain(`sends requests to ${server.url}`);
    expect(await dialog.textContent()).not.toMatch(/Script|script/);
    await screenshotAtBothSizes(page, "llm-trust-dialog");
    await dialog.getByRole("button", { name: "Trust and run" }).click();
    await expect.poll(() => runStatus(page), { timeout: 30_000 }).toMatch(/^Run completed — 2 episodes/);
    runDir = /(runs\/\S+)$/.exec((await runStatus(page)) ?? "")![1]!;
  }, 45_000);

  it("shows each exchange's messages and answers as text in the node's inputs and outputs", async () => {
    const { page } = editor;
    await page.getByRole("tab", { name: "Step", exact: true }).click();
    const io = stepInspector(page).getByRole("list", { name: "Node inputs and outputs" });
    await io.getByText("policy", { exact: true }).first().click();
    const exchanges = io.getByRole("group", { name: "exchanges" });
    await expect.poll(() => exchanges.getByRole("heading", { name: /^Request 1 of \d/ }).count()).toBe(1);
    // What the server counted, and each answer's log-prob (the example asks for them).
    expect(await exchanges.getByRole("heading", { name: /^Request 1 of \d/ }).textContent()).toContain("55 tokens");
    expect(await exchanges.getByRole("figure", { name: /^answer/ }).first().locator("figcaption").textContent()).toMatch(/log-prob -\d/);
    const first = exchanges.getByRole("article").first();
    // The prompt as written: its lines are lines, not \n in a JSON string.
    const user = first.getByRole("figure", { name: "user" });
    await expect.poll(() => user.innerText()).toContain("Grid (row 0 at the top):\n");
    expect(await user.innerText()).not.toContain("\\n");
    expect(await first.getByRole("figure", { name: "system" }).innerText()).toContain("You move an agent A");
    // Every answer: the one that names an action and the one that does not, its line break kept.
    await expect.poll(() => exchanges.getByRole("figure", { name: /^answer/ }).locator("pre").allInnerTexts()).toEqual(expect.arrayContaining([expect.stringMatching(/^Action: /), "I would rather\nnot say."]));
    // Each answer says what the policy read from it, and each request its time; the rate-limited one its tries.
    const captions = await exchanges.getByRole("figure", { name: /^answer/ }).locator("figcaption").allInnerTexts();
    expect(captions).toEqual(expect.arrayContaining([expect.stringMatching(/read as (up|right|down|left)/), expect.stringMatching(/not read: names none of the actions/)]));
    expect(await exchanges.getByRole("heading", { name: /^Request 1 of \d/ }).textContent()).toMatch(/ · [\d.]+ (ms|µs)/);
    await screenshotAtBothSizes(page, "llm-exchanges", exchanges);
  }, 30_000);

  it("names the run opened from the Runs tab in the toolbar", async () => {
    const { page } = editor;
    await openFromDialog(page, "examples/gridworld-vgps.foresight.json");
    await expect.poll(() => runStatus(page)).toBe("No run yet");
    await page.getByRole("tab", { name: "Runs" }).click();
    await page.getByRole("region", { name: "Runs" }).getByRole("button", { name: runDir.split("/").at(-1)!, exact: true }).click();
    await expect.poll(() => stepInspector(page).getByRole("heading", { name: "Episode 0, step 0" }).count()).toBe(1);
    await expect.poll(() => runStatus(page)).toMatch(new RegExp(`^Viewing a past run — 2 episodes, success .* · ${runDir}$`));
    await screenshotAtBothSizes(page, "viewing-past-run");
  });

  it("asks for trust when forking on a fresh page, and forks once trusted", async () => {
    const context = await editor.browser.newContext({ colorScheme: "light", viewport: { width: 1440, height: 900 } });
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      await page.goto(editor.url);
      await page.getByRole("button", { name: "Add Environment" }).waitFor();
      await openFromDialog(page, FILE);
      await expect.poll(() => stepInspector(page).getByRole("heading", { name: "Episode 0, step 0" }).count()).toBe(1);
      await page.getByRole("button", { name: "Fork from this step" }).click();
      const dialog = trustDialog(page);
      await dialog.waitFor();
      await expect.poll(() => dialog.getByRole("button", { name: "Trust and fork" }).count()).toBe(1);
      await dialog.getByRole("button", { name: "Trust and fork" }).click();
      const panel = page.getByRole("region", { name: "Fork comparison" });
      await expect.poll(() => panel.getByTestId("fork-outcome").textContent(), { timeout: 30_000 }).toMatch(/return -?\d/);
      expect(await panel.textContent()).not.toContain("did not start");
    } finally {
      await context.close();
    }
  }, 60_000);

  it("says of a step that failed that it failed, not that it is in progress, and why there was nothing to sample", async () => {
    const { page } = editor;
    await openFromDialog(page, FILE);
    await page.getByTestId("node:policy").click();
    await page.getByLabel("model", { exact: true }).fill("never-parses");
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await trustDialog(page).getByRole("button", { name: "Trust and run" }).click();
    await expect.poll(() => runStatus(page), { timeout: 30_000 }).toMatch(/^Run failed — .*node "sampler" \(sampler\) at episode 0, step 0: the distribution has no actions to sample: the policy proposed none/);
    await page.getByRole("tab", { name: "Step", exact: true }).click();
    await expect.poll(() => stepInspector(page).getByRole("heading", { name: /^Candidates/ }).textContent()).toBe("Candidates (4, the step failed)");
  }, 45_000);

  it("shows a failed exchange's request, raw reply, tries and why under the node's outputs", async () => {
    const { page } = editor;
    await openFromDialog(page, FILE);
    await page.getByTestId("node:policy").click();
    await page.getByLabel("model", { exact: true }).fill("gets-a-proxy-page");
    // The step's four requests (one per completion) are rate-limited, the first retry answered with a proxy's HTML page: the step fails.
    const limited = { kind: "status", status: 429, retryAfter: "0" } as const;
    server.faults.push(limited, limited, limited, limited, { kind: "html" });
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await trustDialog(page).getByRole("button", { name: "Trust and run" }).click();
    // The episodes played, the failed one(s) said apart: not "1 episode, 1 failed" for two.
    await expect.poll(() => runStatus(page), { timeout: 30_000 }).toMatch(/^Run (failed|completed) — 2 episodes \([12] failed, left out of the figures\), success /);
    await page.getByRole("tab", { name: "Step", exact: true }).click();
    // Episode 0's failed step, its policy call opened: both kept as the run's last events and its end come in.
    await page.getByLabel("Episode number").fill("0");
    // Read back from trace.jsonl once the run's last events are in: under the whole suite's load, seconds.
    await expect.poll(() => stepInspector(page).getByRole("heading", { name: "Episode 0, step 0" }).count(), { timeout: 15_000 }).toBe(1);
    const io = stepInspector(page).getByRole("list", { name: "Node inputs and outputs" });
    await io.getByText("policy", { exact: true }).first().click();
    const failed = io.getByRole("group", { name: "exchanges" }).getByRole("article").filter({ hasText: "No usable answer" });
    await expect.poll(() => failed.count()).toBe(1);
    // Its tries: 1 to 3, as the four requests' retries race for the server's faults (test/llm-run-note.test.ts counts them exactly).
    await expect.poll(() => failed.getByRole("heading").textContent()).toMatch(/model gets-a-proxy-page · [\d.]+ m?s( · \d tries \(\d retr(y|ies)\))?$/);
    expect(await failed.getByRole("figure", { name: "raw reply" }).textContent()).toContain("<h1>502 Bad Gateway</h1>");
    expect(await failed.getByRole("figure", { name: "user" }).textContent()).toContain("Grid (row 0 at the top):");
    await screenshotAtBothSizes(page, "llm-failed-exchange");
  }, 45_000);
});
