import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { chromium, needs } from "../fixtures/requirements.js";
import { atSize, editorForFile, mod, openFromDialog, restingCardBoxes, type Box } from "./editor-harness.js";

const editor = editorForFile();
const TEMPLATE = "Template gridworld-vgps";

const card = (page: Page, id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);
const selectedIds = (page: Page) => page.locator(".react-flow__node.selected").evaluateAll((cards) => cards.map((c) => (c as unknown as { dataset: Record<string, string> }).dataset["id"]));
/** The id of the card or edge focus is on, else the focused element's tag. */
const focusedId = (page: Page) => page.evaluate("document.activeElement?.closest('.react-flow__node, .react-flow__edge')?.dataset.id ?? document.activeElement?.tagName");

/** Finds a node with Ctrl+K and selects it with Enter, as the audit did. */
async function findAndSelect(page: Page, query: string): Promise<void> {
  await page.locator("[data-canvas]").focus();
  await page.keyboard.press(`${mod}+k`);
  await page.keyboard.type(query);
  await page.keyboard.press("Enter");
  await expect.poll(() => selectedIds(page)).toEqual([query]);
}

/** Tabs on from where focus is until it reaches the edge named `name` (at most `limit` presses). */
async function tabTo(page: Page, name: string, limit = 40): Promise<void> {
  const edge = page.getByRole("group", { name, exact: true });
  for (let press = 0; press < limit; press++) {
    if (await edge.evaluate((element) => element === (element as unknown as { ownerDocument: { activeElement: unknown } }).ownerDocument.activeElement)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`Tab never reached ${name}`);
}

describe("the canvas acts on what keyboard focus is on", needs(chromium()), () => {
  it("deletes the focused edge, not the selected node, when the edge is not selected", async () => {
    const { page } = editor;
    await openFromDialog(page, TEMPLATE);
    await findAndSelect(page, "sampler");
    const edgeId = "env.environment->dataset.environment";
    await tabTo(page, `Edge ${edgeId}`);
    await page.keyboard.press("Delete");
    await expect.poll(() => page.locator(`.react-flow__edge[data-id="${edgeId}"]`).count()).toBe(0);
    expect(await card(page, "sampler").count()).toBe(1);
    expect(await selectedIds(page)).toEqual(["sampler"]);
    // Focus moves on to a neighbouring edge, still on the canvas.
    await expect.poll(() => page.evaluate("!!document.activeElement?.closest('.react-flow__edge')")).toBe(true);
  });

  it("moves focus off an edge that goes with the deleted node, to an edge that stays", async () => {
    const { page } = editor;
    await openFromDialog(page, TEMPLATE);
    await findAndSelect(page, "sampler");
    // The edge into the sampler joins the selection (Ctrl+Enter): Delete then acts on the selection, and focus was on a removed edge.
    const into = await page.locator(".react-flow__edge").evaluateAll((edges) =>
      edges.map((edge) => (edge as unknown as { dataset: Record<string, string> }).dataset["id"]!).find((id) => id.includes("->sampler.")),
    );
    expect(into).toBeDefined();
    await tabTo(page, `Edge ${into!}`);
    await page.keyboard.press(`${mod}+Enter`);
    await page.keyboard.press("Delete");
    await expect.poll(() => card(page, "sampler").count()).toBe(0);
    await expect.poll(() => page.locator(`.react-flow__edge[data-id="${into!}"]`).count()).toBe(0);
    await expect.poll(() => focusedId(page)).not.toBe("BODY");
    const focused = String(await focusedId(page));
    expect(await page.locator(`.react-flow__edge[data-id="${focused}"]`).count()).toBe(1);
  });

  for (const [width, height] of [[1440, 900], [1280, 720]] as const) {
    it(`keeps the whole fitted graph in view when the palette adds a node at ${width}×${height}`, async () => {
      const { page } = editor;
      await atSize(page, width, height);
      await openFromDialog(page, TEMPLATE);
      await restingCardBoxes(page);
      await page.getByRole("complementary", { name: "Node palette" }).getByRole("button", { name: "Add Risk filter" }).click();
      await expect.poll(() => card(page, "risk-2").count()).toBe(1);
      const boxes = await restingCardBoxes(page);
      const pane = (await page.locator(".react-flow").boundingBox())!;
      const inPane = (box: Box) => box.x >= pane.x && box.y >= pane.y && box.x + box.width <= pane.x + pane.width && box.y + box.height <= pane.y + pane.height;
      const ids = await page.locator(".react-flow__node").evaluateAll((cards) => cards.map((c) => (c as unknown as { dataset: Record<string, string> }).dataset["id"]));
      for (const [i, box] of boxes.entries()) expect(inPane(box), `${ids[i]} wholly in view`).toBe(true);
      await atSize(page, 1440, 900);
    });
  }

  it("says what Enter in the palette's search added and focuses its card, so C connects it; Ctrl+Enter stays in the search", async () => {
    const { page } = editor;
    await openFromDialog(page, TEMPLATE);
    const search = page.getByRole("complementary", { name: "Node palette" }).getByRole("combobox", { name: "Search nodes" });
    await search.fill("risk");
    await search.press("Enter");
    await expect.poll(() => page.getByRole("status").filter({ hasText: "Added Risk filter (risk-2)" }).count()).toBe(1);
    await expect.poll(() => focusedId(page)).toBe("risk-2");
    await page.keyboard.press("c");
    await expect.poll(() => page.getByRole("dialog", { name: "Connect risk-2" }).count()).toBe(1);
    await page.keyboard.press("Escape");

    await search.fill("risk");
    await search.press(`${mod}+Enter`);
    await expect.poll(() => page.getByRole("status").filter({ hasText: "Added Risk filter (risk-3)" }).count()).toBe(1);
    await page.evaluate("new Promise((done) => setTimeout(done, 200))");
    expect(await search.evaluate((element) => element === (element as unknown as { ownerDocument: { activeElement: unknown } }).ownerDocument.activeElement)).toBe(true);
  });
});
