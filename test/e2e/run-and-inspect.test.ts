import { describe, expect, it } from "vitest";
import { chromium, needs } from "../fixtures/requirements.js";
import { editorForFile, openFromDialog, pauseRun, runAnyway, runStatus } from "./editor-harness.js";

const editor = editorForFile();

const status = () => runStatus(editor.page);

describe("running and inspecting from the editor", needs(chromium()), () => {
  it("runs the opened pipeline and reports its outcome", async () => {
    const { page } = editor;
    await openFromDialog(editor.page, "Template gridworld-vgps");
    await page.getByLabel("episodes", { exact: true }).fill("5");
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await expect.poll(status, { timeout: 20_000 }).toMatch(/Run completed — 5 episodes, success/);
  }, 30_000);

  it("pauses, single-steps and stops a long run", async () => {
    const { page } = editor;
    await page.getByLabel("episodes", { exact: true }).fill("100000");
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await runAnyway(page);
    await expect.poll(status, { timeout: 20_000 }).toMatch(/^Running: .* [1-9][\d,]* steps/);
    await pauseRun(page);
    await page.waitForTimeout(300);
    const steps = () => status().then((text) => Number(/(\d+(?:,\d{3})*) steps?\b/.exec(text ?? "")?.[1]?.replaceAll(",", "")));
    const before = await steps();
    await page.getByRole("button", { name: "Step", exact: true }).click();
    await expect.poll(steps).toBeGreaterThan(before);
    await page.getByRole("button", { name: "Stop", exact: true }).click();
    await expect.poll(status, { timeout: 20_000 }).toContain("Run stopped");
  }, 40_000);

  it("asks before running a pipeline's Script code, then runs it", async () => {
    const { page } = editor;
    await openFromDialog(editor.page, "examples/gridworld-script.foresight.json");
    await page.getByLabel("episodes", { exact: true }).fill("3");
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await page.getByRole("dialog", { name: "Run the pipeline's scripts?" }).getByRole("button", { name: "Trust and run" }).click();
    await expect.poll(status, { timeout: 20_000 }).toMatch(/Run completed — 3 episodes/);
  }, 30_000);

  it("switches a Q-scorer's variant, filling the new variant's defaults, and shows its model's inputs and outputs", async () => {
    const { page } = editor;
    await openFromDialog(editor.page, "examples/gridworld-vgps-onnx.foresight.json");
    await page.getByRole("group", { name: "Learned Q (ONNX)" }).click();
    const inspector = page.getByRole("complementary", { name: "Inspector" });
    await expect.poll(() => page.getByLabel("variant", { exact: true }).inputValue()).toBe("onnx");
    const model = inspector.getByRole("region", { name: "Model" });
    await expect.poll(() => model.textContent(), { timeout: 10_000 }).toMatch(/Inputs.*Outputs/);
    // How the shipped model was made, from the file's metadata_props, folded until asked for.
    const madeHow = model.getByText('Made by foresight train q on gridworld, "position"');
    await madeHow.click();
    await expect.poll(() => model.getByRole("definition").allTextContents()).toEqual(expect.arrayContaining(["sarsa", "1000"]));
    await page.getByLabel("variant", { exact: true }).selectOption("oracle");
    expect(await page.getByLabel("model", { exact: true }).count()).toBe(0);
    await page.getByLabel("variant", { exact: true }).selectOption("onnx");
    expect(await page.getByLabel("form", { exact: true }).inputValue()).toBe("q-s");
  });

  it("adds a node by dragging it from the palette, and lays the graph out", async () => {
    const { page } = editor;
    const before = await page.locator(".react-flow__node").count();
    await page.getByRole("button", { name: "Add Dataset collector" }).dragTo(page.locator(".react-flow__pane"), { targetPosition: { x: 120, y: 120 } });
    await expect.poll(() => page.locator(".react-flow__node").count()).toBe(before + 1);
    const first = page.locator(".react-flow__node").first();
    const position = await first.getAttribute("style");
    await page.getByRole("button", { name: "Auto layout" }).click();
    await expect.poll(() => first.getAttribute("style")).not.toBe(position);
  });
});
