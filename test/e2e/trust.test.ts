import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { uniformPolicyPipeline } from "../fixtures/pipelines.js";
import { chromium, GYM_PYTHON, gymnasium, needs } from "../fixtures/requirements.js";
import { editorForFile, openFromDialog, reloadEditor, replaceScriptCode, runStatus } from "./editor-harness.js";

const editor = editorForFile();

const SCRIPT = "examples/gridworld-script.foresight.json";
const status = () => runStatus(editor.page);
const trustDialog = () => editor.page.getByRole("dialog", { name: "Run the pipeline's scripts?" });

/** Opens the Script example with a short run (the same content each time). */
async function openScriptExample(episodes: string) {
  const { page } = editor;
  await openFromDialog(page, SCRIPT);
  await page.getByLabel("episodes", { exact: true }).fill(episodes);
}

/** Clicks Run and waits for a run that ends after `previous` (the status names each run's folder). */
async function runToCompletion(previous: string | null) {
  await editor.page.getByRole("button", { name: "Run", exact: true }).click();
  await expect.poll(async () => ((await status()) !== previous ? await status() : ""), { timeout: 20_000 }).toMatch(/Run completed/);
  return status();
}

describe("trusting a pipeline's scripts", needs(chromium()), () => {
  it("asks, remembers the trusted content (also after a reload), and asks again once a Script changes, not the run settings", async () => {
    const { page } = editor;
    await openScriptExample("2");

    await page.getByRole("button", { name: "Run", exact: true }).click();
    await expect.poll(() => trustDialog().getByLabel("Code of safe-q").textContent()).toContain("function run(");
    await trustDialog().getByRole("button", { name: "Cancel" }).click();
    expect(await trustDialog().count()).toBe(0);
    expect(await status()).not.toMatch(/Run /);

    await page.getByRole("button", { name: "Run", exact: true }).click();
    await trustDialog().getByRole("button", { name: "Trust and run" }).click();
    const first = await runToCompletion(null);

    // The same content runs without asking, in this page and after a reload.
    const second = await runToCompletion(first);
    expect(await trustDialog().count()).toBe(0);
    await reloadEditor(page);
    await openScriptExample("2");
    await runToCompletion(second);
    expect(await trustDialog().count()).toBe(0);

    // Trust covers the Script node, not the run settings: another episode count runs without asking.
    await page.getByLabel("episodes", { exact: true }).fill("3");
    await runToCompletion(await status());
    expect(await trustDialog().count()).toBe(0);

    // An edit of the Script's code is new content: asked again.
    await page.getByTestId("node:safe-q").click();
    await page.locator(".script-code .monaco-editor").waitFor();
    await replaceScriptCode(page, 'function run(inputs: Inputs): Outputs {\n  // edited: the same, said differently\n  return { candidates: inputs.candidates };\n}\n');
    await expect.poll(() => page.title()).toContain("●");
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await trustDialog().waitFor();
    expect(await trustDialog().getByLabel("Code of safe-q").textContent()).toContain("// edited");
    await trustDialog().getByRole("button", { name: "Cancel" }).click();
  }, 90_000);

  it("asks nothing about a pipeline that will not start: its problems come first, the question once they are fixed", async () => {
    const { page } = editor;
    await openFromDialog(page, "examples/gridworld-llm.foresight.json");
    await page.getByTestId("node:executor").click();
    await page.getByLabel("score", { exact: true }).fill("qq");
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await expect.poll(() => status(), { timeout: 10_000 }).toMatch(/not started: 1 problem — score names "qq"/);
    expect(await page.getByRole("dialog").count()).toBe(0);
    await page.getByLabel("score", { exact: true }).fill("logp");
    await page.getByRole("button", { name: "Run", exact: true }).click();
    const question = page.getByRole("dialog", { name: "Send requests to http://127.0.0.1:8080/v1?" });
    await question.waitFor();
    await question.getByRole("button", { name: "Cancel" }).click();
  });

  it("checks an environment's program once a run trusted it: the problem that said it waits for trust goes", { ...needs(gymnasium()), timeout: 90_000 }, async () => {
    const { page, root } = editor;
    const file = "examples/cartpole-trust.foresight.json";
    writeFileSync(join(root, file), JSON.stringify(uniformPolicyPipeline("cartpole-trust", { name: "gymnasium", id: "CartPole-v1", python: GYM_PYTHON }, { maxSteps: 5, trace: "steps" }, 2), null, 2));
    await openFromDialog(page, file);
    const problems = page.getByRole("region", { name: "Problems" });
    await expect.poll(() => problems.textContent()).toContain("until you trust the pipeline");
    // Past the editor's validation of a change (400 ms after it): only the run can now make it validate again.
    await page.waitForTimeout(1000);
    await page.getByRole("button", { name: "Run", exact: true }).click();
    // Asked about the program it starts, not about scripts it has none of.
    await page.getByRole("dialog", { name: "Start the environment's program?" }).getByRole("button", { name: "Trust and run" }).click();
    await expect.poll(status, { timeout: 30_000 }).toMatch(/Run completed/);
    await expect.poll(() => problems.textContent(), { timeout: 20_000 }).not.toContain("until you trust the pipeline");
    expect(await page.locator(".node-card.has-problems").count()).toBe(0);
  });
});
