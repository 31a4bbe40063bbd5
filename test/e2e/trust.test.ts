import { describe, expect, it } from "vitest";
import { chromium, needs } from "../fixtures/requirements.js";
import { editorForFile, openFromDialog, runStatus } from "./editor-harness.js";

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
  it("asks, remembers the trusted content (also after a reload), and asks again once the pipeline changes", async () => {
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
    await page.reload();
    await page.getByRole("button", { name: "Add Environment" }).waitFor();
    await openScriptExample("2");
    await runToCompletion(second);
    expect(await trustDialog().count()).toBe(0);

    // Any edit is new content: asked again.
    await page.getByLabel("episodes", { exact: true }).fill("3");
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await trustDialog().waitFor();
    await trustDialog().getByRole("button", { name: "Cancel" }).click();
  }, 90_000);
});
