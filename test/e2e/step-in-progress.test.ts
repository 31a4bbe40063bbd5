import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { example } from "../fixtures/pipelines.js";
import { chromium, needs } from "../fixtures/requirements.js";
import { editorForFile, openFromDialog, screenshotAtBothSizes, stopRunLeftGoing } from "./editor-harness.js";

/** The fixture kind's module as built: it holds each step's policy output 1.5 s, as a slow (LLM) policy does. */
const SLOW_MODULE = resolve("dist/test/fixtures/kinds/slow-policy-pass/index.js");

const editor = editorForFile({ serveArgs: ["--kinds", SLOW_MODULE] });

/** gridworld-vgps with a slow pass between the policy and the sampler: each step waits there, before any candidate exists. */
function slowPolicyPipeline(): object {
  const doc = example("gridworld-vgps");
  doc.name = "slow-policy";
  doc.run = { ...doc.run, episodes: 1, maxSteps: 20 };
  doc.nodes = doc.nodes.filter((n) => n.kind !== "dataset");
  doc.edges = doc.edges.filter((e) => !e.to.startsWith("dataset.") && e.from !== "policy.distribution");
  doc.nodes.push({ id: "slow", kind: "slow-policy-pass", title: "Slow pass", params: { ms: 1500 }, position: { x: 400, y: 200 } });
  doc.edges.push({ from: "policy.distribution", to: "slow.distribution" }, { from: "slow.distribution", to: "sampler.distribution" });
  return doc;
}

describe("a step still in progress", needs(chromium()), () => {
  it("says what it waits for, not that it has no candidate table", async () => {
    const { page, root } = editor;
    writeFileSync(join(root, "examples", "slow-policy.foresight.json"), JSON.stringify(slowPolicyPipeline()));
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
