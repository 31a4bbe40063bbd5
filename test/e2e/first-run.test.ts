import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { chromium, needs } from "../fixtures/requirements.js";
import { editorForFile, newDocument, openFromDialog, runStatus } from "./editor-harness.js";

const editor = editorForFile({
  prepare({ root }) {
    // The V-GPS ONNX template with a model path that leads nowhere: red in the Problems panel.
    const doc = JSON.parse(readFileSync(join(root, "examples/gridworld-vgps-onnx.foresight.json"), "utf8")) as { nodes: { id: string; params: Record<string, unknown> }[] };
    doc.nodes.find((node) => node.id === "q")!.params["model"] = "../assets/models/missing-q.onnx";
    writeFileSync(join(root, "examples/broken-model.foresight.json"), JSON.stringify(doc, null, 2));
  },
});

const sizeQuestion = () => editor.page.getByRole("dialog", { name: "This run's trace will be large" });

describe("a first session", needs(chromium()), () => {
  it("says on an empty canvas how to begin, with the app's keys, and not once a node is on it", async () => {
    const { page } = editor;
    await newDocument(page);
    const hint = page.getByRole("note", { name: "This pipeline has no nodes yet" });
    await expect.poll(() => hint.textContent()).toMatch(/Open a pipeline or a template \((Ctrl\+O|⌘O)\), or drag a node kind here from the palette/);
    // An empty mini map is a white box that says nothing.
    expect(await page.locator(".react-flow__minimap").count()).toBe(0);
    await page.getByRole("button", { name: "Add Environment" }).click();
    await expect.poll(() => hint.count()).toBe(0);
    expect(await page.locator(".react-flow__minimap").count()).toBe(1);
  });

  it("refuses a run with problems at once, without asking about its trace size first", async () => {
    const { page } = editor;
    await openFromDialog(page, "examples/broken-model.foresight.json");
    // So many episodes that the size question would come, were the pipeline sound.
    await page.getByRole("tab", { name: "Inspector" }).click();
    await page.getByLabel("episodes", { exact: true }).fill("100000");
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await expect.poll(() => runStatus(page), { timeout: 20_000 }).toMatch(/^Run not started: 1 problem/);
    expect(await sizeQuestion().count()).toBe(0);
  });

  it("runs a shipped template's default episodes without asking about the trace size", async () => {
    const { page } = editor;
    await openFromDialog(page, "examples/gridworld-vgps-onnx.foresight.json");
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await expect.poll(() => runStatus(page), { timeout: 60_000 }).toMatch(/^Run completed — 200 episodes/);
    expect(await sizeQuestion().count()).toBe(0);
  }, 90_000);
});
