import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { chromium, needs } from "../fixtures/requirements.js";
import { SLOW_POLICY_MODULE, slowPolicyPipeline } from "../fixtures/slow-policy-pipeline.js";
import { editorForFile, openCliRun, openFromDialog, runStatus } from "./editor-harness.js";

const editor = editorForFile({ serveArgs: ["--kinds", SLOW_POLICY_MODULE] });

describe("a run that ends while the user looks at a step they picked", needs(chromium()), () => {
  it("keeps the episode typed into Episode number, even the one the live view showed", async () => {
    const { page, root } = editor;
    writeFileSync(join(root, "examples", "slow-two-episodes.foresight.json"), JSON.stringify(slowPolicyPipeline("slow-two-episodes", { episodes: 2, maxSteps: 4 }, 400)));
    await openFromDialog(page, "examples/slow-two-episodes.foresight.json");
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await page.getByRole("tab", { name: "Step", exact: true }).click();
    const inspector = page.getByRole("region", { name: "Step inspector" });
    const heading = inspector.locator(".step-env h3");
    const followLive = inspector.getByRole("checkbox", { name: "Follow live" });
    // Following live in the first episode, the user types that episode: it stays in view as the run goes on.
    await expect.poll(() => heading.textContent(), { timeout: 20_000 }).toMatch(/^Episode 0, step/);
    await page.getByLabel("Episode number").fill("0");
    expect(await followLive.isChecked()).toBe(false);
    expect(await runStatus(page)).toMatch(/^Running: episode 0/);

    await expect.poll(() => runStatus(page), { timeout: 30_000 }).toMatch(/^Run completed — 2 episodes/);
    await expect.poll(() => followLive.isDisabled()).toBe(true);
    // Past the last events' frame.
    await page.waitForTimeout(1_000);
    expect(await heading.textContent()).toBe("Episode 0, step 0");
    expect(await page.getByLabel("Episode number").inputValue()).toBe("0");
  }, 60_000);

  it("keeps the node call the user opened open when the step is drawn anew from trace.jsonl", async () => {
    const { page } = editor;
    await openCliRun(editor, "gridworld-vgps", 2);
    await page.getByRole("tab", { name: "Step", exact: true }).click();
    const inspector = page.getByRole("region", { name: "Step inspector" });
    const heading = inspector.locator(".step-env h3");
    const io = inspector.getByRole("list", { name: "Node inputs and outputs" });
    const policy = io.locator("details").filter({ has: page.getByText("policy", { exact: true }) }).first();
    await expect.poll(() => heading.textContent()).toBe("Episode 0, step 0");
    await io.getByText("policy", { exact: true }).first().click();
    await expect.poll(() => policy.getAttribute("open")).toBe("");
    // The next episode is read from the run's trace.jsonl (the step view waits for it), then the first one is shown again.
    await page.getByLabel("Episode number").fill("1");
    await expect.poll(() => heading.textContent()).toBe("Episode 1, step 0");
    await page.getByLabel("Episode number").fill("0");
    await expect.poll(() => heading.textContent()).toBe("Episode 0, step 0");
    expect(await policy.getAttribute("open")).toBe("");
    expect(await policy.locator("dl.ports").count()).toBeGreaterThan(0);
  }, 60_000);
});
