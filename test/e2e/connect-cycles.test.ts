import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { chromium, needs } from "../fixtures/requirements.js";
import { dragHandle, editorForFile, openFromDialog, restingCardBoxes } from "./editor-harness.js";

const FILE = "examples/no-sampler.foresight.json";

// gridworld-vgps without its sampler: q's candidates input is free, and risk and executor, downstream of q, output candidates.
const editor = editorForFile({
  prepare: ({ root }) => {
    const doc = JSON.parse(readFileSync("examples/gridworld-vgps.foresight.json", "utf8")) as { nodes: { id: string }[]; edges: { from: string; to: string }[] };
    doc.nodes = doc.nodes.filter((node) => node.id !== "sampler");
    doc.edges = doc.edges.filter((edge) => !edge.from.startsWith("sampler.") && !edge.to.startsWith("sampler."));
    writeFileSync(join(root, FILE), JSON.stringify(doc, null, 2));
  },
});

describe("connecting without making a cycle", needs(chromium()), () => {
  it("offers no source downstream of the node, in the missing input's problem, the C port list or a drag", async () => {
    const { page } = editor;
    await openFromDialog(page, FILE);
    const problem = page.getByRole("region", { name: "Problems" }).getByRole("button", { name: /required input "candidates"/ });
    await expect.poll(() => problem.textContent()).toContain('risk.candidates and executor.candidates are downstream of "q": connecting them would make a cycle');
    expect(await problem.textContent()).not.toContain("connect e.g.");

    await page.getByRole("group", { name: "Node q: q-scorer", exact: true }).focus();
    await page.keyboard.press("c");
    const connect = page.getByRole("dialog", { name: "Connect q" });
    // Not risk.candidates → q.candidates nor executor.candidates → q.candidates: both are downstream of q.
    await expect.poll(() => connect.getByRole("option").locator(".pick-label").allTextContents()).toEqual(["q.exchanges → dataset.exchanges", "policy.candidates → q.candidates"]);
    await page.keyboard.press("Escape");
    await expect.poll(() => connect.count()).toBe(0);

    await page.getByRole("button", { name: "Fit view" }).click();
    await restingCardBoxes(page);
    await dragHandle(page, "out:risk:candidates", "in:q:candidates");
    await expect.poll(() => page.getByRole("status").filter({ hasText: "would make a cycle" }).textContent()).toContain("q already feeds risk: this edge would make a cycle (q → risk → q)");
    expect(await page.getByTestId("rf__edge-risk.candidates->q.candidates").count()).toBe(0);
  });
});
