import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { chromium, needs } from "../fixtures/requirements.js";
import { dragHandle, editorForFile, mod, restingCardBoxes } from "./editor-harness.js";

const editor = editorForFile({ freshDocument: true });

const nodes = () => editor.page.locator(".react-flow__node").count();
const viewport = () => editor.page.locator(".react-flow__viewport").getAttribute("style");
/** Waits until the canvas's view stops moving (a glide or scroll has ended). */
async function viewRests(): Promise<void> {
  let before = await viewport();
  await expect.poll(async () => before === (before = await viewport()), { interval: 250, timeout: 10_000 }).toBe(true);
}

describe("editing a pipeline", needs(chromium()), () => {
  it("refuses an edge from candidates to an environment input and says why", async () => {
    const { page } = editor;
    await page.getByRole("button", { name: "Add Candidate sampler" }).click();
    await page.getByRole("button", { name: "Add Q-scorer" }).click();
    await page.getByRole("button", { name: "Fit view" }).click();
    // Fit view glides (200 ms): drag once the cards rest where they end.
    await restingCardBoxes(page);
    await dragHandle(page, "out:sampler:candidates", "in:q:environment");
    await expect.poll(() => page.getByTestId("notice").textContent()).toContain("cannot connect candidates → environment");
    expect(await page.locator(".react-flow__edge").count()).toBe(0);
    await dragHandle(page, "out:sampler:candidates", "in:q:candidates");
    await expect.poll(() => page.locator(".react-flow__edge").count()).toBe(1);
    await page.getByRole("button", { name: "Add Candidate sampler" }).click();
    await page.getByRole("button", { name: "Fit view" }).click();
    await restingCardBoxes(page);
    await dragHandle(page, "out:sampler-2:candidates", "in:q:candidates");
    await expect.poll(() => page.getByTestId("notice").textContent()).toContain("input q.candidates is already connected");
    expect(await page.locator(".react-flow__edge").count()).toBe(1);
  });

  it("renames a node, and its edges follow", async () => {
    const { page } = editor;
    await page.getByRole("button", { name: "Add Policy" }).click();
    await page.getByRole("button", { name: "Add Candidate sampler" }).click();
    await page.getByRole("button", { name: "Fit view" }).click();
    await restingCardBoxes(page);
    await dragHandle(page, "out:policy:distribution", "in:sampler:distribution");
    await page.getByRole("group", { name: "Policy", exact: true }).click();
    await page.getByLabel("id", { exact: true }).fill("weak");
    await page.getByLabel("id", { exact: true }).press("Enter");
    await expect.poll(() => page.getByTestId("out:weak:distribution").count()).toBe(1);
    expect(await page.locator(".react-flow__edge").count()).toBe(1);
    await expect.poll(() => page.getByRole("region", { name: "Problems" }).textContent()).not.toContain("dangling");
  });

  it("marks a refused id invalid and says why, as the other fields do", async () => {
    const { page } = editor;
    await page.getByRole("button", { name: "Add Policy" }).click();
    await page.getByRole("button", { name: "Add Candidate sampler" }).click();
    const id = page.getByRole("textbox", { name: "id", exact: true });
    await id.fill("policy");
    await id.press("Enter");
    await expect.poll(() => id.getAttribute("aria-invalid")).toBe("true");
    const alert = page.getByRole("alert").filter({ hasText: 'another node is called "policy"' });
    expect(await alert.count()).toBe(1);
    expect(await id.getAttribute("aria-describedby")).toBe(await alert.getAttribute("id"));
    await id.fill("sampler two");
    await id.press("Enter");
    await expect.poll(() => page.getByRole("alert").filter({ hasText: "an id starts with a letter" }).count()).toBe(1);
    await id.fill("draw");
    await id.press("Enter");
    await expect.poll(() => id.getAttribute("aria-invalid")).toBe("false");
    expect(await page.getByRole("alert").filter({ hasText: "an id" }).count()).toBe(0);
    expect(await page.getByTestId("node:draw").count()).toBe(1);
  });

  // Retried: in three fresh-clone CI runs of the whole suite it failed (a card out of view, or placed left
  // of the one before), never alone or under load here. Cards placed by a view caught mid-glide were
  // one cause, fixed (the quick-succession test below); that the 7th card stayed out of view is unexplained.
  it("adds a clicked kind right of the card before, in view, clear of the canvas actions", { retry: 2 }, async () => {
    const { page } = editor;
    const card = (kind: string) => page.getByRole("group", { name: kind, exact: true });
    const kinds = ["Environment", "Policy", "Candidate sampler", "Q-scorer", "Executor", "Risk filter", "Dataset collector"];
    // Cards go where the view is when they are added: wait until it rests (an earlier test's Fit view can
    // still be gliding under load; a fresh-clone CI run placed the first card, then the second beside
    // where the view had moved to, left of the first).
    await viewRests();
    for (const kind of kinds) {
      await page.getByRole("button", { name: `Add ${kind}` }).click();
      // Each card is in view once added (past a full view, after the view has moved to it). The canvas and
      // its actions are measured as they are then, in case anything resized them since the test began.
      await expect.poll(async () => {
        const pane = (await page.locator(".react-flow").boundingBox())!;
        const actions = (await page.getByRole("button", { name: "Auto layout" }).boundingBox())!;
        const box = (await card(kind).boundingBox())!;
        return box.y >= actions.y + actions.height && box.x >= pane.x && box.x + box.width <= pane.x + pane.width && box.y + box.height <= pane.y + pane.height;
      }, { message: `${kind} in view, below the canvas actions` }).toBe(true);
    }
    // Measured once the view has come to rest on the last card (not mid-glide), all in one look.
    const boxes = await restingCardBoxes(page);
    for (const [i, box] of boxes.entries()) {
      for (const other of boxes.slice(0, i)) {
        const apart = box.x >= other.x + other.width || other.x >= box.x + box.width || box.y >= other.y + other.height || other.y >= box.y + box.height;
        expect(apart, `${kinds[i]} overlaps an earlier card`).toBe(true);
      }
    }
    // Each right of the one before (it was selected once added), level with it: edges run forward.
    for (const [i, box] of boxes.entries()) {
      if (i === 0) continue;
      expect(box.x, `${kinds[i]} right of ${kinds[i - 1]}`).toBeGreaterThan(boxes[i - 1]!.x);
      expect(box.y, `${kinds[i]} level with ${kinds[i - 1]}`).toBe(boxes[i - 1]!.y);
    }
  });

  it("keeps the row and the zoom when kinds are clicked in quick succession", async () => {
    const { page } = editor;
    const kinds = ["Environment", "Policy", "Candidate sampler", "Q-scorer", "Executor", "Risk filter", "Dataset collector", "Environment", "Policy", "Q-scorer"];
    await viewRests();
    const zoom = (style: string | null) => /scale\(([\d.]+)\)/.exec(style ?? "")?.[1];
    const zoomBefore = zoom(await viewport());
    // No wait between clicks: a card added while the view still pans to the last one is placed by where
    // that pan ends (before, it went by the view caught mid-glide: off the row, and the zoom drifted).
    for (const kind of kinds) await page.getByRole("button", { name: `Add ${kind}` }).click();
    await expect.poll(nodes).toBe(kinds.length);
    const boxes = await restingCardBoxes(page);
    expect(zoom(await viewport()), "the zoom").toBe(zoomBefore);
    for (const [i, box] of boxes.entries()) {
      expect(box.y, `card ${i + 1}'s row`).toBe(boxes[0]!.y);
      if (i > 0) expect(box.x, `card ${i + 1} right of the one before`).toBeGreaterThan(boxes[i - 1]!.x);
    }
    const pane = (await page.locator(".react-flow").boundingBox())!;
    expect(boxes.at(-1)!.x + boxes.at(-1)!.width, "the last card in view").toBeLessThanOrEqual(pane.x + pane.width);
  });

  it("adds a clicked kind right of the selected card, at a free spot, and a double-clicked one clear of every card", async () => {
    const { page } = editor;
    await page.getByRole("button", { name: "Add Environment" }).click();
    await page.getByRole("button", { name: "Add Policy" }).click();
    await page.getByRole("button", { name: "Add Executor" }).click();
    // Back to the first card: the next goes right of it, below the Policy already there.
    await page.getByRole("group", { name: "Environment", exact: true }).click();
    await page.getByRole("button", { name: "Add Q-scorer" }).click();
    await expect.poll(nodes).toBe(4);
    const box = async (name: string) => (await page.getByRole("group", { name, exact: true }).boundingBox())!;
    const [env, policy, q] = [await box("Environment"), await box("Policy"), await box("Q-scorer")];
    expect(policy.x).toBeGreaterThan(env.x);
    expect(q.x).toBe(policy.x);
    expect(q.y).toBeGreaterThanOrEqual(policy.y + policy.height);
    // A double-click on a card's edge of the pane (just left of the Policy card) adds beside it, not over it.
    await page.mouse.dblclick(policy.x - 4, policy.y + 20);
    const pick = page.getByRole("dialog", { name: "Add node" });
    await pick.getByRole("combobox").fill("risk");
    await page.keyboard.press("Enter");
    await expect.poll(nodes).toBe(5);
    const boxes = await restingCardBoxes(page);
    for (const [i, one] of boxes.entries()) {
      for (const other of boxes.slice(0, i)) {
        const apart = one.x >= other.x + other.width || other.x >= one.x + one.width || one.y >= other.y + other.height || other.y >= one.y + one.height;
        expect(apart, `card ${i + 1} overlaps another`).toBe(true);
      }
    }
  });

  it("filters the palette by the search box", async () => {
    const { page } = editor;
    const palette = page.getByRole("complementary", { name: "Node palette" });
    try {
      await palette.getByLabel("Search nodes").fill("risk");
      await expect.poll(() => palette.getByRole("button", { name: "Add Risk filter" }).count()).toBe(1);
      expect(await palette.getByRole("button", { name: "Add Policy" }).count()).toBe(0);
    } finally {
      await palette.getByLabel("Search nodes").fill("");
    }
    await expect.poll(() => palette.getByRole("button").count()).toBeGreaterThanOrEqual(8);
  });

  it("undoes and redoes adding a node and editing a param", async () => {
    const { page } = editor;
    await page.getByRole("button", { name: "Add Candidate sampler" }).click();
    expect(await nodes()).toBe(1);
    await expect.poll(() => page.title()).toContain("●");
    await page.keyboard.press(`${mod}+z`);
    await expect.poll(nodes).toBe(0);
    await page.keyboard.press(`${mod}+Shift+z`);
    await expect.poll(nodes).toBe(1);

    await page.getByRole("group", { name: "Candidate sampler", exact: true }).click();
    const n = page.getByLabel("n", { exact: true });
    await n.fill("5");
    await expect.poll(() => page.getByRole("group", { name: "Candidate sampler" }).textContent()).toContain("n: 5");
    await page.keyboard.press(`${mod}+z`);
    await expect.poll(() => n.inputValue()).toBe("16");
    await page.keyboard.press(`${mod}+Shift+z`);
    await expect.poll(() => n.inputValue()).toBe("5");
  });

  it("copies, pastes (new ids) and deletes nodes", async () => {
    const { page } = editor;
    await page.getByRole("button", { name: "Add Policy" }).click();
    await page.getByRole("group", { name: "Policy", exact: true }).click();
    await page.keyboard.press(`${mod}+c`);
    await page.keyboard.press(`${mod}+v`);
    await expect.poll(nodes).toBe(2);
    expect(await page.getByTestId("node:policy-2").count()).toBe(1);
    await page.keyboard.press("Delete");
    await expect.poll(nodes).toBe(1);
    expect(await page.getByTestId("node:policy").count()).toBe(1);
  });

  it("deletes the selection with Delete only on the canvas, not from the palette or a field", async () => {
    const { page } = editor;
    await page.getByRole("button", { name: "Add Policy" }).click();
    await page.getByRole("button", { name: "Add Executor" }).click();
    const executor = page.getByRole("group", { name: "Executor", exact: true });
    await executor.click();
    await page.getByRole("button", { name: "Add Policy" }).focus();
    await page.keyboard.press("Delete");
    await page.getByRole("combobox", { name: "Search nodes" }).focus();
    await page.keyboard.press("Backspace");
    await page.getByRole("textbox", { name: "id", exact: true }).focus();
    await page.keyboard.press("Delete");
    expect(await executor.count()).toBe(1);
    await executor.click();
    await page.keyboard.press("Delete");
    await expect.poll(() => executor.count()).toBe(0);
    expect(await page.getByRole("group", { name: "Policy", exact: true }).count()).toBe(1);
  });

  it("adds the first match of the palette's search with Enter, or the one the arrows highlight", async () => {
    const { page } = editor;
    const search = page.getByRole("combobox", { name: "Search nodes" });
    await search.fill("risk");
    await search.press("Enter");
    await expect.poll(() => page.getByRole("group", { name: "Risk filter", exact: true }).count()).toBe(1);
    await search.fill("");
    await search.press("ArrowDown");
    await search.press("ArrowDown");
    await search.press("ArrowDown");
    await search.press("ArrowUp");
    const highlighted = page.locator(`[id="${await search.getAttribute("aria-activedescendant")}"]`);
    const second = page.getByRole("complementary", { name: "Node palette" }).getByRole("button").nth(1);
    expect(await highlighted.getAttribute("aria-label")).toBe(await second.getAttribute("aria-label"));
    const title = (await second.getAttribute("aria-label"))!.replace(/^Add /, "");
    await search.press("Enter");
    await expect.poll(() => page.getByRole("group", { name: title, exact: true }).count()).toBe(1);
  });

  it("undoes two quick deletes one at a time", async () => {
    const { page } = editor;
    const before = await nodes();
    await page.getByRole("button", { name: "Add Risk filter" }).click();
    await page.getByRole("button", { name: "Add Executor" }).click();
    await expect.poll(nodes).toBe(before + 2);
    await page.getByRole("group", { name: "Risk filter", exact: true }).click();
    await page.keyboard.press("Delete");
    await page.getByRole("group", { name: "Executor", exact: true }).click();
    await page.keyboard.press("Delete");
    await expect.poll(nodes).toBe(before);
    await page.keyboard.press(`${mod}+z`);
    await expect.poll(nodes).toBe(before + 1);
    expect(await page.getByRole("group", { name: "Executor", exact: true }).count()).toBe(1);
    await page.keyboard.press(`${mod}+z`);
    await expect.poll(nodes).toBe(before + 2);
  });

  it("gives a Script node the ports its params declare", async () => {
    const { page } = editor;
    await page.getByRole("button", { name: "Add Script" }).click();
    const inspector = page.getByRole("complementary", { name: "Inspector" });
    // The code is in Monaco (its lines render spaces as no-break spaces, which \s matches).
    await inspector.getByRole("textbox", { name: "Script code" }).waitFor();
    await expect.poll(() => inspector.locator(".script-code .view-lines").textContent()).toMatch(/function\srun/);
    await inspector.getByRole("button", { name: "Add to outputs" }).click();
    const added = inspector.getByRole("group", { name: "outputs 2" });
    await added.getByLabel("type", { exact: true }).selectOption("number");
    await added.getByLabel("name", { exact: true }).fill("bonus");
    await expect.poll(() => page.getByTestId("out:script:bonus").count()).toBe(1);
  });

  it("asks before unsaved changes are lost", async () => {
    const { page } = editor;
    await page.getByRole("button", { name: "Add Executor" }).click();
    await page.getByRole("button", { name: "New", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Save changes?" });
    await dialog.getByRole("button", { name: "Cancel" }).click();
    expect(await nodes()).toBe(1);
    await page.getByRole("button", { name: "New", exact: true }).click();
    await dialog.getByRole("button", { name: "Discard changes" }).click();
    await expect.poll(nodes).toBe(0);
  });

  it("lists the problems of an opened file and selects the node a problem is about", async () => {
    const { page, root } = editor;
    const doc = JSON.parse(readFileSync(join(root, "examples/gridworld-vgps.foresight.json"), "utf8"));
    doc.nodes[2].params.n = 0;
    writeFileSync(join(root, "broken.foresight.json"), JSON.stringify(doc));
    await page.getByRole("button", { name: "Open", exact: true }).click();
    await page.getByRole("dialog").getByRole("button", { name: "broken.foresight.json", exact: true }).click();
    const problems = page.getByRole("region", { name: "Problems" });
    const problem = problems.getByRole("button").filter({ hasText: "/nodes/2/params/n" });
    await expect.poll(() => problem.count()).toBe(1);
    await expect.poll(() => page.getByTestId("node:sampler").getAttribute("class")).toContain("has-problems");
    await problem.click();
    await expect.poll(() => page.getByRole("complementary", { name: "Inspector" }).getByRole("heading").first().textContent()).toBe("Candidate sampler");
    expect(await page.getByLabel("n", { exact: true }).inputValue()).toBe("0");
    await page.getByLabel("n", { exact: true }).fill("4");
    await expect.poll(() => problem.count()).toBe(0);
  });
});
