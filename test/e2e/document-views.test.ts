import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { chromium, needs } from "../fixtures/requirements.js";
import { dragHandle, editorForFile, mod, newDocument, openCliRun, openFromDialog, restingCardBoxes, runStatus, screenshotAtBothSizes } from "./editor-harness.js";

const editor = editorForFile();

const SHOTS = "test/e2e/screenshots";
const status = runStatus;
const stepInspector = (page: Page) => page.getByRole("region", { name: "Step inspector" });
const notice = (page: Page) => page.getByTestId("notice").textContent();
const folderOf = (runDir: string) => runDir.split("/").at(-1)!;

/** The texts of the elements a control's aria-describedby names, as assistive technology reads them. */
async function describedBy(page: Page, control: ReturnType<Page["getByRole"]>): Promise<string> {
  const ids = ((await control.getAttribute("aria-describedby")) ?? "").split(" ").filter(Boolean);
  return page.evaluate(`${JSON.stringify(ids)}.map((id) => document.getElementById(id)?.textContent ?? "").join(" | ")`);
}

/** Runs the open pipeline for `episodes` episodes and answers its run folder, as the status line names it. */
async function runBriefly(page: Page, episodes: number): Promise<string> {
  await page.getByRole("button", { name: "Fit view" }).click();
  await page.locator(".react-flow__pane").click({ position: { x: 5, y: 5 } });
  await page.getByLabel("episodes", { exact: true }).fill(String(episodes));
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect.poll(() => status(page), { timeout: 30_000 }).toContain("Run completed");
  return / · (runs\/\S+)$/.exec((await status(page)) ?? "")![1]!;
}

describe("views belong to their document", needs(chromium()), () => {
  let runA = "";

  it("opening another file leaves no trace of the last one's run; reopening it brings its run back", async () => {
    const { page } = editor;
    await openFromDialog(page, "examples/gridworld-vgps.foresight.json");
    runA = await runBriefly(page, 3);
    await expect.poll(() => stepInspector(page).getByRole("heading", { name: /^Episode [\d,]+, step [\d,]+$/ }).count()).toBe(1);
    await page.getByRole("tab", { name: "Dashboard" }).click();
    const dashboard = page.getByRole("region", { name: "Dashboard" });
    await expect.poll(() => dashboard.getByRole("heading", { level: 2 }).textContent()).toBe("gridworld-vgps");

    await openFromDialog(page, "examples/gridworld-lookahead.foresight.json");
    await expect.poll(() => status(page)).toBe("No run yet");
    await expect.poll(() => stepInspector(page).textContent()).toContain("Run the pipeline, or open a run from the Runs list");
    await expect.poll(() => dashboard.getByRole("heading", { level: 2 }).textContent()).toBe("No run yet");
    // The baseline choice still lists every run; the summary of the shown run is gone.
    expect(await dashboard.textContent()).not.toContain("episodes completed");
    expect(await page.getByRole("tab", { name: "Fork" }).count()).toBe(0);
    expect(await page.locator(".node-status.done").count()).toBe(0);

    await openFromDialog(page, "examples/gridworld-vgps.foresight.json");
    await expect.poll(() => notice(page)).toContain(`Showing this pipeline's last run, ${runA}`);
    await expect.poll(() => dashboard.textContent()).toContain(folderOf(runA));
    // The message goes with its document: a file with no runs says nothing about another's.
    await openFromDialog(page, "examples/gridworld-lookahead.foresight.json");
    expect(await notice(page)).toBe("");
    await openFromDialog(page, "examples/gridworld-vgps.foresight.json");
    await expect.poll(() => notice(page)).toContain(`Showing this pipeline's last run, ${runA}`);
    await expect.poll(() => stepInspector(page).getByRole("heading", { name: "Episode 0, step 0" }).count()).toBe(1);
    await page.getByRole("tab", { name: "Runs" }).click();
    const own = page.getByRole("group", { name: "Runs of gridworld-vgps" });
    await expect.poll(() => own.getByRole("button", { name: folderOf(runA), exact: true }).count()).toBe(1);
    expect(await page.getByRole("group", { name: "Other runs" }).count()).toBe(0);

    // A copy saved as another file keeps the pipeline's name, not its runs: a run remembers the file it ran from.
    await page.getByRole("button", { name: "Save as", exact: true }).click();
    await page.getByRole("dialog", { name: "Save as" }).getByLabel("File name").fill("mine/same-name.foresight.json");
    await page.getByRole("dialog", { name: "Save as" }).getByRole("button", { name: "Save" }).click();
    await expect.poll(() => notice(page)).toContain("Saved mine/same-name.foresight.json");
    await openFromDialog(page, "mine/same-name.foresight.json");
    await expect.poll(() => status(page)).toBe("No run yet");
    await page.getByRole("tab", { name: "Runs" }).click();
    await expect.poll(() => page.getByRole("group", { name: "Other runs" }).getByRole("button", { name: folderOf(runA), exact: true }).count()).toBe(1);
    expect(await page.getByRole("group", { name: "Runs of gridworld-vgps" }).getByRole("button", { name: folderOf(runA), exact: true }).count()).toBe(0);
  }, 90_000);

  it("leaves the cards of nodes the shown run did not have idle", async () => {
    const { page } = editor;
    await openFromDialog(page, "examples/gridworld-vgps.foresight.json");
    await expect.poll(() => notice(page)).toContain(`Showing this pipeline's last run, ${runA}`);
    const badgeOf = (id: string) => page.getByTestId(`node:${id}`).getByRole("img", { name: /^status: / }).getAttribute("aria-label");
    await expect.poll(() => badgeOf("risk")).toMatch(/^status: done/);
    await page.getByRole("button", { name: "Add Risk filter" }).click();
    await page.getByRole("button", { name: "Add Script" }).click();
    await expect.poll(() => badgeOf("script")).toBe("status: idle");
    expect(await badgeOf("risk-2")).toBe("status: idle");
    expect(await badgeOf("risk")).toMatch(/^status: done/);
  }, 60_000);

  it("says when the shown run is of another pipeline than the canvas's, and forks it with its own", async () => {
    const { page } = editor;
    await openFromDialog(page, "examples/gridworld-lookahead.foresight.json");
    await page.getByRole("tab", { name: "Runs" }).click();
    await page.getByRole("group", { name: "Other runs" }).getByRole("button", { name: folderOf(runA), exact: true }).click();
    await expect.poll(() => stepInspector(page).getByRole("heading", { name: "Episode 0, step 0" }).count()).toBe(1);
    const note = stepInspector(page).getByRole("note");
    await expect.poll(() => note.textContent()).toBe(
      `Run ${folderOf(runA)}, of the pipeline “gridworld-vgps”, which the canvas does not hold: a fork goes on with the run's own pipeline.`,
    );
    await page.screenshot({ path: `${SHOTS}/other-pipeline-run-1440.png` });
    await page.getByRole("button", { name: "Fork from this step" }).click();
    await expect.poll(() => notice(page)).toContain(
      `The run is of “gridworld-vgps”, not the canvas's “gridworld-lookahead”: the fork goes on with the run's own pipeline, ${runA}/pipeline.foresight.json`,
    );
    await expect.poll(() => page.getByRole("region", { name: "Fork comparison" }).textContent(), { timeout: 20_000 }).toMatch(/→ gridworld-vgps-fork-\d/);
    // The canvas's own pipeline shows no such note.
    await openFromDialog(page, "examples/gridworld-vgps.foresight.json");
    await expect.poll(() => stepInspector(page).getByRole("heading", { name: "Episode 0, step 0" }).count()).toBe(1);
    expect(await stepInspector(page).getByRole("note").count()).toBe(0);
  }, 90_000);

  it("forks a run opened from the Runs tab over an empty canvas, which the run's own pipeline has taken", async () => {
    const { page } = editor;
    await newDocument(page);
    await page.getByRole("tab", { name: "Runs" }).click();
    await page.getByRole("region", { name: "Runs" }).getByRole("button", { name: folderOf(runA), exact: true }).click();
    await expect.poll(() => stepInspector(page).getByRole("heading", { name: "Episode 0, step 0" }).count()).toBe(1);
    await page.getByRole("button", { name: "Fork from this step" }).click();
    const panel = page.getByRole("region", { name: "Fork comparison" });
    expect(await page.locator(".react-flow__node").count()).toBeGreaterThan(0);
    await expect.poll(() => panel.textContent(), { timeout: 20_000 }).toMatch(/→ gridworld-vgps-fork-\d/);
    expect(await panel.textContent()).not.toContain("starting…");
    await expect.poll(() => panel.getByTestId("fork-outcome").textContent(), { timeout: 30_000 }).toMatch(/return -?\d/);
    await page.screenshot({ path: `${SHOTS}/fork-empty-canvas-1440.png` });
  }, 90_000);

  it("badges say nothing of a run of another pipeline, whose node ids match the canvas's", async () => {
    const { page } = editor;
    await openFromDialog(page, "examples/gridworld-vgps-onnx.foresight.json");
    await openCliRun(editor, "gridworld-vgps", 2);
    await expect.poll(() => stepInspector(page).getByRole("note").textContent()).toContain("which the canvas does not hold");
    // Both pipelines have a node "q": the other run's Q call is not this canvas's.
    expect(await page.getByTestId("status:q").getAttribute("aria-label")).toBe("status: idle");
    expect(await page.locator(".node-status:not(.idle)").count()).toBe(0);
  });

  it("badges follow the run shown: a run read back says done with the shown step's times, a fork its own; a fork's run reopens at its episode", async () => {
    const { page } = editor;
    await openFromDialog(page, "examples/gridworld-vgps.foresight.json");
    await expect.poll(() => notice(page)).toContain("Showing this pipeline's last run");
    await expect.poll(() => stepInspector(page).getByRole("heading", { name: "Episode 0, step 0" }).count()).toBe(1);
    // Read from disk, the run has no live badges: each node's call at the shown step, not "idle".
    const badge = () => page.getByTestId("status:q").getAttribute("aria-label");
    await expect.poll(badge).toMatch(/^status: done, [\d.]+ (ms|µs|ns) \(at the shown step\)$/);
    expect(await page.locator(".node-status.idle").count()).toBe(0);

    await page.getByRole("textbox", { name: "Episode number" }).or(page.getByRole("spinbutton", { name: "Episode number" })).fill("1");
    await expect.poll(() => stepInspector(page).getByRole("heading", { name: "Episode 1, step 0" }).count()).toBe(1);
    await page.getByRole("button", { name: "Fork from this step" }).click();
    const panel = page.getByRole("region", { name: "Fork comparison" });
    await expect.poll(() => panel.getByTestId("fork-outcome").textContent(), { timeout: 30_000 }).toMatch(/return -?\d/);
    // The Fork tab shows the fork: the badges are its calls (live, so no "at the shown step").
    await expect.poll(badge).toMatch(/^status: done, [\d.]+ (ms|µs|ns)$/);
    await page.screenshot({ path: `${SHOTS}/fork-badges-1440.png` });
    await page.getByRole("tab", { name: "Step", exact: true }).click();
    await expect.poll(badge).toMatch(/\(at the shown step\)$/);

    // The pipeline's last run is now the fork, which played episode 1 alone: reopened, it shows that episode.
    await openFromDialog(page, "examples/gridworld-lookahead.foresight.json");
    await openFromDialog(page, "examples/gridworld-vgps.foresight.json");
    await expect.poll(() => notice(page)).toContain("Showing this pipeline's last run, runs/gridworld-vgps-fork-");
    await expect.poll(() => stepInspector(page).getByRole("heading", { name: "Episode 1, step 0" }).count()).toBe(1);
    expect(await stepInspector(page).textContent()).not.toContain("Could not read the episode");
    expect(await page.getByRole("slider", { name: "Episode" }).getAttribute("min")).toBe("1");
  }, 90_000);
});

describe("errors where you edit", needs(chromium()), () => {
  it("opens a past run over a blank canvas with the pipeline it ran with, so the canvas and Problems speak of that run", async () => {
    const { page } = editor;
    await newDocument(page);
    await expect.poll(() => page.getByRole("region", { name: "Problems" }).textContent()).toContain("the pipeline has no Environment node");
    const run = await openCliRun(editor, "gridworld-lookahead", 1);
    await expect.poll(() => page.getByTestId("notice").textContent()).toContain(`Opened runs/${run}: the pipeline it ran with is on the canvas`);
    await expect.poll(() => page.locator(".react-flow__node").count()).toBeGreaterThan(0);
    expect(await page.getByRole("note", { name: "This pipeline has no nodes yet" }).count()).toBe(0);
    await expect.poll(() => page.getByRole("region", { name: "Problems" }).textContent()).not.toContain("has no Environment node");
    expect(await stepInspector(page).textContent()).not.toContain("which the canvas does not hold");
    await screenshotAtBothSizes(page, "open-run-blank-canvas");
  }, 60_000);

  it("says an empty canvas's problems before Validate is pressed", async () => {
    const { page } = editor;
    await newDocument(page);
    await expect.poll(() => page.getByRole("region", { name: "Problems" }).textContent()).toContain("the pipeline has no Environment node");
    expect(await page.getByRole("button", { name: "Run", exact: true }).getAttribute("title")).toContain("add nodes to the canvas");
  });

  for (const size of [{ width: 1280, height: 720 }, { width: 1440, height: 900 }]) {
    it(`shows an unknown score column as a problem, in its field and on its card, readable at ${size.width}×${size.height}`, async () => {
      const { page } = editor;
      await page.setViewportSize(size);
      await openFromDialog(page, "examples/gridworld-vgps.foresight.json");
      await page.getByTestId("node:executor").click();
      const inspector = page.getByRole("complementary", { name: "Inspector" });
      const score = inspector.getByRole("textbox", { name: "score" });
      await score.fill("qq * 2");
      await expect.poll(() => score.getAttribute("aria-invalid")).toBe("true");
      const description = await describedBy(page, score);
      expect(description).toContain('score "qq * 2" uses "qq", which no node before "executor" adds to the candidates');
      expect(description).toContain("A column name or an expression over columns");
      await expect.poll(() => page.getByTestId("node:executor").getAttribute("class")).toContain("has-problems");

      // The Problems panel: the message first and whole (wrapped), where it is second and smaller.
      const problem = page.getByRole("region", { name: "Problems" }).getByRole("button", { name: /uses "qq"/ });
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- runs in the page; the tests compile without the DOM's types
      const layout = await problem.evaluate((button: any) => {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        const { getComputedStyle, innerWidth } = globalThis as any;
        const [message, where] = [button.children[0], button.children[1]];
        const box = message.getBoundingClientRect();
        return {
          message: message.textContent,
          where: where.textContent,
          wraps: message.scrollWidth <= message.clientWidth,
          inside: box.left >= 0 && box.right <= innerWidth,
          smaller: parseFloat(getComputedStyle(where).fontSize) < parseFloat(getComputedStyle(message).fontSize),
        };
      });
      expect(layout.message).toContain('Did you mean "q"?');
      expect(layout).toMatchObject({ where: "executor/nodes/5/params/score", wraps: true, inside: true, smaller: true });
      await page.screenshot({ path: `${SHOTS}/problems-inline-${size.width}.png` });

      // A notice lands in a status region that stays on screen, however many problems there are.
      await page.getByRole("button", { name: "Save as", exact: true }).click();
      await page.getByRole("dialog", { name: "Save as" }).getByLabel("File name").fill(`mine/errors-${size.width}.foresight.json`);
      await page.getByRole("dialog", { name: "Save as" }).getByRole("button", { name: "Save" }).click();
      const region = page.getByRole("status").filter({ hasText: `Saved mine/errors-${size.width}.foresight.json` });
      await region.waitFor();
      const box = (await region.boundingBox())!;
      expect(box.y + box.height).toBeLessThanOrEqual(size.height);
      await score.fill("q - 2*risk");
      await expect.poll(() => score.getAttribute("aria-invalid")).toBe("false");
    }, 60_000);
  }

  it("refuses what a number field's schema refuses, says why, and keeps field and card in agreement", async () => {
    const { page } = editor;
    await page.setViewportSize({ width: 1280, height: 720 });
    await openFromDialog(page, "examples/gridworld-vgps.foresight.json");
    await page.getByTestId("node:sampler").click();
    // Cards show their params when readable: at this window's Fit view they are compact (title and status).
    while (await page.locator(".node-card.compact").count()) await page.getByRole("button", { name: "Zoom In" }).click();
    const n = page.getByRole("complementary", { name: "Inspector" }).getByRole("textbox", { name: "n", exact: true });
    const error = () => describedBy(page, n);
    const card = () => page.getByTestId("node:sampler").textContent();
    await n.fill("-5");
    await expect.poll(() => n.getAttribute("aria-invalid")).toBe("true");
    expect(await error()).toContain("-5 is below the minimum, 1; it stays 16.");
    expect(await card()).toContain("n: 16");
    await n.fill("abc");
    expect(await error()).toContain('"abc" is not a number; it stays 16.');
    expect(await n.inputValue()).toBe("abc");
    await page.screenshot({ path: `${SHOTS}/number-refused-1280.png` });
    await n.blur();
    await expect.poll(() => n.inputValue()).toBe("16");
    await n.fill("2.5");
    expect(await error()).toContain("2.5 is not a whole number");
    await n.fill("8");
    await expect.poll(() => n.getAttribute("aria-invalid")).toBe("false");
    await expect.poll(card).toContain("n: 8");
  }, 60_000);

  it("clears a refused connection's message once a connection is made", async () => {
    const { page } = editor;
    await page.setViewportSize({ width: 1440, height: 900 });
    await newDocument(page);
    await page.getByRole("button", { name: "Add Candidate sampler" }).click();
    await page.getByRole("button", { name: "Add Q-scorer" }).click();
    await page.getByRole("button", { name: "Fit view" }).click();
    // Fit view glides (200 ms): drag once the cards rest where they end.
    await restingCardBoxes(page);
    await dragHandle(page, "out:sampler:candidates", "in:q:environment");
    await expect.poll(() => notice(page)).toContain("cannot connect candidates → environment");
    await dragHandle(page, "out:sampler:candidates", "in:q:candidates");
    await expect.poll(() => page.locator(".react-flow__edge").count()).toBe(1);
    await expect.poll(() => notice(page)).not.toContain("cannot connect");
  }, 60_000);
});

describe("the inspector shows what applies", needs(chromium()), () => {
  it("names a misspelt param and run setting as problems and removes them on request, undoably", async () => {
    const { page, root } = editor;
    const doc = JSON.parse(readFileSync(join(root, "examples/gridworld-vgps.foresight.json"), "utf8")) as { run: Record<string, unknown>; nodes: { id: string; params: Record<string, unknown> }[] };
    doc.run["episdoes"] = 20;
    doc.nodes.find((node) => node.id === "sampler")!.params["nn"] = 8;
    writeFileSync(join(root, "examples/typos.foresight.json"), JSON.stringify(doc));
    await openFromDialog(page, "examples/typos.foresight.json");
    const problems = page.getByRole("region", { name: "Problems" });
    await expect.poll(() => problems.getByRole("heading").textContent()).toBe("Problems 2");
    expect(await problems.textContent()).toContain('unknown param "nn" (a "sampler" node\'s params: n, temperature, topK, topP, includeGreedy, dedupe). Did you mean "n"?');
    await page.screenshot({ path: `${SHOTS}/problems-unknown-keys-1440.png` });

    await problems.getByRole("button", { name: 'Remove "nn" from sampler' }).click();
    await expect.poll(() => problems.getByRole("heading").textContent()).toBe("Problems 1");
    await page.keyboard.press(`${mod}+z`);
    await expect.poll(() => problems.getByRole("heading").textContent()).toBe("Problems 2");
    await problems.getByRole("button", { name: 'Remove "nn" from sampler' }).click();
    await problems.getByRole("button", { name: 'Remove "episdoes" from the run settings' }).click();
    await expect.poll(() => problems.getByRole("heading").textContent()).toBe("Problems 0");

    await page.keyboard.press(`${mod}+s`);
    await expect.poll(() => page.getByTestId("notice").textContent()).toContain("Saved examples/typos.foresight.json");
    const saved = JSON.parse(readFileSync(join(root, "examples/typos.foresight.json"), "utf8")) as typeof doc;
    expect(Object.keys(saved.run)).not.toContain("episdoes");
    expect(saved.nodes.find((node) => node.id === "sampler")!.params).toEqual({ n: 16, temperature: 1, topK: null, topP: null, includeGreedy: false, dedupe: false });
  }, 60_000);

  it("shows only the params the chosen form and selection read, and names the others", async () => {
    const { page } = editor;
    await openFromDialog(page, "examples/gridworld-vgps-onnx.foresight.json");
    const inspector = page.getByRole("complementary", { name: "Inspector" });
    await page.getByTestId("node:q").click();
    await expect.poll(() => inspector.textContent()).toContain("Not used while form is q-s: actionInput, actionEncoding, gamma, samples.");
    expect(await inspector.getByLabel("gamma", { exact: true }).count()).toBe(0);
    await inspector.getByLabel("form", { exact: true }).selectOption("v-s");
    await expect.poll(() => inspector.getByLabel("gamma", { exact: true }).count()).toBe(1);
    expect(await inspector.getByLabel("samples", { exact: true }).count()).toBe(1);
    await expect.poll(() => inspector.textContent()).toContain("Not used while form is v-s: actionInput, actionEncoding.");
    await page.screenshot({ path: `${SHOTS}/inspector-used-when-1440.png` });

    await page.getByTestId("node:executor").click();
    await expect.poll(() => inspector.textContent()).toContain("Not used while select is argmax: temperature, epsilon.");
    await inspector.getByLabel("select", { exact: true }).selectOption("softmax");
    await expect.poll(() => inspector.getByLabel("temperature", { exact: true }).count()).toBe(1);
    expect(await inspector.getByLabel("epsilon", { exact: true }).count()).toBe(0);
  }, 60_000);

  it("renders help as text, keeps its width for a Script, and offers Save before the document is replaced", async () => {
    const { page, root } = editor;
    await page.setViewportSize({ width: 1280, height: 720 });
    await openFromDialog(page, "examples/gridworld-script.foresight.json");
    const inspector = page.getByRole("complementary", { name: "Inspector" });
    await page.getByTestId("node:sampler").click();
    await inspector.getByLabel("n", { exact: true }).waitFor();
    const width = (await inspector.boundingBox())!.width;
    expect(await inspector.textContent()).not.toContain("`");
    await page.getByTestId("node:safe-q").click();
    await page.locator(".script-code .monaco-editor").waitFor();
    expect(await inspector.textContent()).not.toContain("`");
    expect(await inspector.locator("code").allTextContents()).toContain("inputs.<name>");
    expect((await inspector.boundingBox())!.width).toBe(width);
    await page.screenshot({ path: `${SHOTS}/script-inspector-1280.png` });

    await inspector.getByLabel("title", { exact: true }).fill("safe Q");
    await page.getByRole("button", { name: "New", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Save changes?" });
    await dialog.waitFor();
    expect(await dialog.getByRole("button").allTextContents()).toEqual(["Cancel", "Discard changes", "Save"]);
    await page.screenshot({ path: `${SHOTS}/unsaved-dialog-1280.png` });
    await dialog.getByRole("button", { name: "Save", exact: true }).click();
    await expect.poll(() => page.locator(".react-flow__node").count()).toBe(0);
    expect(readFileSync(`${root}/examples/gridworld-script.foresight.json`, "utf8")).toContain('"title": "safe Q"');
    expect(await page.title()).not.toContain("●");
  }, 60_000);

  it("titles the page with the file after Save as", async () => {
    const { page } = editor;
    await openFromDialog(page, "examples/gridworld-vgps.foresight.json");
    await page.getByRole("button", { name: "Save as", exact: true }).click();
    await page.getByRole("dialog", { name: "Save as" }).getByLabel("File name").fill("mine/renamed.foresight.json");
    await page.getByRole("dialog", { name: "Save as" }).getByRole("button", { name: "Save" }).click();
    await expect.poll(() => page.title()).toBe("renamed.foresight.json — Foresight");
    expect(await page.locator(".doc-title").textContent()).toContain("renamed.foresight.json");
  }, 60_000);

  it("Save as selects the suggested base name, so a typed name replaces it and keeps the folder and suffix", async () => {
    const { page, root } = editor;
    await newDocument(page);
    await page.getByRole("button", { name: "Add Environment" }).click();
    await page.keyboard.press(`${mod}+s`);
    const field = page.getByRole("dialog", { name: "Save as" }).getByLabel("File name");
    const suggested = await field.inputValue();
    const folder = suggested.slice(0, suggested.lastIndexOf("/") + 1);
    expect(suggested).toMatch(/\.foresight\.json$/);
    await page.keyboard.type("mine");
    expect(await field.inputValue()).toBe(`${folder}mine.foresight.json`);
    await page.keyboard.press("Enter");
    await expect.poll(() => notice(page)).toContain(`Saved ${folder}mine.foresight.json`);
    expect(readFileSync(join(root, `${folder}mine.foresight.json`), "utf8")).toContain('"nodes"');
  }, 60_000);

  it("names an untitled pipeline after the file it is saved as (its runs take that name)", async () => {
    const { page, root } = editor;
    await newDocument(page);
    await page.getByRole("button", { name: "Add Environment" }).click();
    await page.getByRole("button", { name: "Save as", exact: true }).click();
    await page.getByRole("dialog", { name: "Save as" }).getByLabel("File name").fill("my-first.foresight.json");
    await page.getByRole("dialog", { name: "Save as" }).getByRole("button", { name: "Save" }).click();
    await expect.poll(() => notice(page)).toContain("Saved my-first.foresight.json");
    expect((JSON.parse(readFileSync(join(root, "my-first.foresight.json"), "utf8")) as { name: string }).name).toBe("my-first");
    await page.locator(".react-flow__pane").click({ position: { x: 5, y: 5 } });
    expect(await page.getByLabel("name", { exact: true }).inputValue()).toBe("my-first");
    // A file that names its pipeline keeps that name when saved as another.
    await page.getByLabel("name", { exact: true }).fill("kept");
    await page.getByRole("button", { name: "Save as", exact: true }).click();
    await page.getByRole("dialog", { name: "Save as" }).getByLabel("File name").fill("my-second.foresight.json");
    await page.getByRole("dialog", { name: "Save as" }).getByRole("button", { name: "Save" }).click();
    await expect.poll(() => notice(page)).toContain("Saved my-second.foresight.json");
    expect((JSON.parse(readFileSync(join(root, "my-second.foresight.json"), "utf8")) as { name: string }).name).toBe("kept");
  }, 60_000);

  it("sets episodes in lockstep in the run settings (saved only when not 1), and a lockstep run gives the serial run's result", async () => {
    const { page, root } = editor;
    await openFromDialog(page, "examples/gridworld-vgps-onnx.foresight.json");
    const lockstep = page.getByLabel("lockstep", { exact: true });
    expect(await lockstep.inputValue()).toBe("1");
    const runOnce = async () => {
      await page.getByLabel("episodes", { exact: true }).fill("24");
      await page.getByLabel("trace", { exact: true }).selectOption("off");
      const before = await status(page);
      await page.getByRole("button", { name: "Run", exact: true }).click();
      // This run's own outcome (it names its run folder): under load the poll could otherwise read the previous run's.
      const outcome = async () => {
        const now = (await status(page)) ?? "";
        return now === before ? "" : now;
      };
      await expect.poll(outcome, { timeout: 30_000 }).toMatch(/Run completed — 24 episodes, success/);
      return (await outcome()).match(/success [^,;·]*/)![0];
    };
    const serial = await runOnce();
    await lockstep.fill("8");
    const saved = () => JSON.parse(readFileSync(`${root}/mine/lockstep.foresight.json`, "utf8")) as { run: { lockstep?: number } };
    await page.getByRole("button", { name: "Save as", exact: true }).click();
    await page.getByRole("dialog", { name: "Save as" }).getByLabel("File name").fill("mine/lockstep.foresight.json");
    await page.getByRole("dialog", { name: "Save as" }).getByRole("button", { name: "Save" }).click();
    await expect.poll(() => saved().run.lockstep).toBe(8);
    expect(await runOnce()).toBe(serial);
    await lockstep.fill("1");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect.poll(() => "lockstep" in saved().run).toBe(false);
    await lockstep.fill("5000");
    await expect.poll(() => lockstep.getAttribute("aria-invalid")).toBe("true");
  }, 90_000);

  it("drops the notice of the last run it showed once a new run starts", async () => {
    const { page } = editor;
    await openFromDialog(page, "examples/gridworld-vgps.foresight.json");
    await expect.poll(() => notice(page)).toContain("Showing this pipeline's last run");
    await page.getByRole("tab", { name: "Inspector" }).click();
    await page.locator(".react-flow__pane").click({ position: { x: 5, y: 5 } });
    await page.getByLabel("episodes", { exact: true }).fill("3");
    await page.getByRole("button", { name: "Run", exact: true }).click();
    // At once, not when the notice's 8 s are up: it spoke of a run the new one replaces. (5 s: room for a
    // loaded machine's run start, still short of those 8 s.)
    await expect.poll(() => notice(page), { timeout: 5_000 }).toBe("");
    await expect.poll(() => status(page), { timeout: 30_000 }).toContain("Run completed");
  }, 60_000);
});
