import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { chromium, needs } from "../fixtures/requirements.js";
import { SLOW_POLICY_MODULE, slowPolicyPipeline } from "../fixtures/slow-policy-pipeline.js";
import { editorForFile, openFromDialog, screenshotAtBothSizes, stopRunLeftGoing } from "./editor-harness.js";

const editor = editorForFile({ serveArgs: ["--kinds", SLOW_POLICY_MODULE] });

describe("a step still in progress", needs(chromium()), () => {
  it("says what it waits for, not that it has no candidate table", async () => {
    const { page, root } = editor;
    writeFileSync(join(root, "examples", "slow-policy.foresight.json"), JSON.stringify(slowPolicyPipeline("slow-policy", { episodes: 1, maxSteps: 20 }, 1500)));
    await openFromDialog(page, "examples/slow-policy.foresight.json");
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await page.getByRole("tab", { name: "Step", exact: true }).click();
    const inspector = page.getByRole("region", { name: "Step inspector" });
    // A step that has played its policy and waits on the slow pass (the view follows the newest step).
    await expect.poll(() => inspector.locator(".step-waiting").textContent(), { timeout: 20_000 }).toBe("Step in progress: waiting for slow…");
    expect(await inspector.locator(".step-env h3").textContent()).toMatch(/^Episode 0, step \d+ · in progress$/);
    expect(await inspector.getByText("No candidate table at this step.").count()).toBe(0);
    expect(await inspector.getByRole("list", { name: "Node inputs and outputs" }).locator("li").filter({ hasText: "slow-policy-pass" }).textContent()).toContain("running…");
    await screenshotAtBothSizes(page, "step-in-progress", inspector);
    await stopRunLeftGoing(page);
  }, 60_000);
});
