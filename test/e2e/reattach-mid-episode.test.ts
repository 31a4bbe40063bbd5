import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { chromium, needs } from "../fixtures/requirements.js";
import { slowGridworldQ } from "../fixtures/slow-q-model.js";
import { editorForFile, openFromDialog, reloadEditor, runAnyway, runStatus, screenshotAtBothSizes, stopRunLeftGoing } from "./editor-harness.js";

/**
 * GridWorld's V-GPS pipeline with a Q-network of ~0.2 s a call, one call a step: its first episode
 * (seed 1, no slip, a random weak policy) plays 49 steps, about 10 s, so a reload lands mid-episode.
 */
const editor = editorForFile({
  prepare: ({ root }) => {
    writeFileSync(join(root, "examples/slow-q.onnx"), slowGridworldQ(1000, 1024));
    const doc = JSON.parse(readFileSync(join(root, "examples/gridworld-vgps-onnx.foresight.json"), "utf8"));
    const params = (id: string) => doc.nodes.find((node: { id: string }) => node.id === id).params;
    params("q").model = "slow-q.onnx";
    params("env").slip = 0;
    params("policy").epsilon = 1;
    doc.run.episodes = 1;
    writeFileSync(join(root, "examples/gridworld-slow-steps.foresight.json"), JSON.stringify(doc, null, 2));
  },
});

const status = () => runStatus(editor.page);
const stepPlaying = () => status().then((text) => Number(/^Running: episode 0, step (\d+)/.exec(text ?? "")?.[1] ?? -1));

describe("a page re-attached to a run mid-episode", needs(chromium()), () => {
  it("shows the steps the episode in progress played before the reload, at once", async () => {
    const { page } = editor;
    await openFromDialog(page, "examples/gridworld-slow-steps.foresight.json");
    await page.getByRole("button", { name: "Run", exact: true }).click();
    const large = page.getByRole("dialog", { name: "This run's trace will be large" });
    await expect.poll(async () => (await large.isVisible()) || (await stepPlaying()) >= 0, { timeout: 20_000 }).toBe(true);
    if (await large.isVisible()) await runAnyway(page);
    await expect.poll(stepPlaying, { timeout: 30_000 }).toBeGreaterThanOrEqual(4);

    await reloadEditor(page);
    await expect.poll(stepPlaying, { timeout: 15_000 }).toBeGreaterThanOrEqual(4);
    const inspector = page.getByRole("region", { name: "Step inspector" });
    await inspector.getByLabel("Follow live").uncheck();
    await inspector.getByRole("slider", { name: "Step" }).fill("1");
    // From the host's memory of the episode, not trace.jsonl: the episode has not ended, so the file has none of it.
    await expect.poll(() => inspector.getByRole("heading", { name: "Episode 0, step 1" }).isVisible(), { timeout: 3_000 }).toBe(true);
    await expect.poll(() => inspector.getByTestId("step-outcome").textContent(), { timeout: 3_000 }).toMatch(/^action /);
    expect(await stepPlaying()).toBeGreaterThan(1);
    await screenshotAtBothSizes(page, "reattached-mid-episode", inspector);
    await stopRunLeftGoing(page);
  }, 120_000);
});
