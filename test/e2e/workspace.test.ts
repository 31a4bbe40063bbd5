import type { Locator, Page } from "playwright-core";
import { beforeEach, describe, expect, it } from "vitest";
import { SHORTCUTS } from "../../renderer/app/shortcuts.js";
import { chromium, needs } from "../fixtures/requirements.js";
import { editorForFile, mod, newDocument, openFromDialog, runStatus, type Box } from "./editor-harness.js";

const editor = editorForFile({
  prepare: (editor) => editor.page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(editor.url).origin }),
});

/** An empty pipeline with the default layout, as a first visit has it (the layout is remembered in localStorage). */
async function fresh(page: Page, viewport = { width: 1440, height: 900 }) {
  await page.setViewportSize(viewport);
  // Whatever a failed test left open (a menu, a search, a dialog).
  for (let i = 0; i < 2; i++) await page.keyboard.press("Escape");
  await newDocument(page);
  // The page writes its layout as it goes: clear after that.
  await page.evaluate("localStorage.clear(); addEventListener('pagehide', () => localStorage.clear())");
  await page.reload();
  await page.getByRole("button", { name: "Add Environment" }).waitFor();
}

async function box(page: Page, selector: string): Promise<Box> {
  const found = await page.locator(selector).first().boundingBox();
  if (!found) throw new Error(`${selector} is not visible`);
  return found;
}

// Browser-side code as strings: the tests are type-checked without the DOM's types.
const nodeBoxes = (page: Page) => page.evaluate("[...document.querySelectorAll('.react-flow__node')].map((card) => card.getBoundingClientRect().toJSON())") as Promise<Box[]>;
const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const inside = (inner: Box, outer: Box) =>
  inner.x >= outer.x - 1 && inner.y >= outer.y - 1 && inner.x + inner.width <= outer.x + outer.width + 1 && inner.y + inner.height <= outer.y + outer.height + 1;
const zoom = (page: Page) => page.evaluate("new DOMMatrix(getComputedStyle(document.querySelector('.react-flow__viewport')).transform).a") as Promise<number>;
const focused = (locator: Locator) =>
  locator.evaluate((element) => {
    const node = element as unknown as { ownerDocument: { activeElement: unknown } };
    return node.ownerDocument.activeElement === node;
  });

/** A point on an edge's line where a click reaches that edge (not another one crossing it). */
async function edgePoint(page: Page, id: string): Promise<{ x: number; y: number }> {
  const point = (await page.evaluate(`(() => {
    const edge = document.querySelector('.react-flow__edge[data-id="${id}"]');
    const path = edge.querySelector(".react-flow__edge-path");
    const total = path.getTotalLength();
    const m = path.getScreenCTM();
    for (const f of [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.1, 0.9]) {
      const p = path.getPointAtLength(total * f);
      const x = m.a * p.x + m.c * p.y + m.e, y = m.b * p.x + m.d * p.y + m.f;
      if (document.elementFromPoint(x, y)?.closest(".react-flow__edge") === edge) return { x, y };
    }
    return null;
  })()`)) as { x: number; y: number } | null;
  if (!point) throw new Error(`no point of edge ${id} can be clicked`);
  return point;
}
const nodes = (page: Page) => page.locator(".react-flow__node").count();
const edges = (page: Page) => page.locator(".react-flow__edge").count();

/** Somewhere on the canvas with no card under it: the pane's top-right area, below the canvas actions. */
async function emptySpot(page: Page): Promise<{ x: number; y: number }> {
  const pane = await box(page, ".react-flow__pane");
  const cards = await nodeBoxes(page);
  for (let y = pane.y + 70; y < pane.y + pane.height - 40; y += 30)
    for (let x = pane.x + pane.width - 220; x > pane.x + 60; x -= 40)
      if (!cards.some((card) => overlaps(card, { x: x - 5, y: y - 5, width: 10, height: 10 }))) return { x, y };
  throw new Error("no empty spot on the canvas");
}

beforeEach(async () => fresh(editor.page), 30_000);

describe("a workspace that gives the canvas room", needs(chromium()), () => {
  it("resizes the palette, side panels and run panels by mouse and keyboard, and remembers them", async () => {
    const { page } = editor;
    const palette = page.getByRole("separator", { name: "Resize node palette" });
    const side = page.getByRole("separator", { name: "Resize side panels" });
    const bottom = page.getByRole("separator", { name: "Resize run panels" });
    expect(await palette.getAttribute("aria-valuenow")).toBe("200");
    await palette.focus();
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => palette.getAttribute("aria-valuenow")).toBe("240");
    await expect.poll(async () => Math.round((await box(page, ".palette")).width)).toBe(240);

    // Drag the side panels' splitter 100 px to the left: they grow by 100 px.
    const handle = await side.boundingBox();
    await page.mouse.move(handle!.x + 3, handle!.y + 200);
    await page.mouse.down();
    await page.mouse.move(handle!.x - 50, handle!.y + 200, { steps: 4 });
    await page.mouse.move(handle!.x - 97, handle!.y + 200, { steps: 4 });
    await page.mouse.up();
    await expect.poll(async () => Number(await side.getAttribute("aria-valuenow"))).toBeGreaterThanOrEqual(435);
    expect(Number(await side.getAttribute("aria-valuenow"))).toBeLessThanOrEqual(445);
    await expect.poll(async () => Math.round((await box(page, ".side-dock")).width)).toBe(Number(await side.getAttribute("aria-valuenow")));

    await bottom.focus();
    await page.keyboard.press("Shift+ArrowDown");
    await expect.poll(() => bottom.getAttribute("aria-valuenow")).toBe("240");
    await page.keyboard.press("Enter");
    await expect.poll(() => bottom.getAttribute("aria-valuetext")).toBe("folded");
    expect(await page.getByRole("button", { name: "Run panels", exact: true }).getAttribute("aria-pressed")).toBe("false");
    await page.keyboard.press("Enter");
    await expect.poll(() => bottom.getAttribute("aria-valuenow")).toBe("240");

    const sideWidth = await side.getAttribute("aria-valuenow");
    await page.waitForTimeout(300);
    await page.reload();
    await page.getByRole("button", { name: "Add Environment" }).waitFor();
    expect(await palette.getAttribute("aria-valuenow")).toBe("240");
    expect(await side.getAttribute("aria-valuenow")).toBe(sideWidth);
    expect(await bottom.getAttribute("aria-valuenow")).toBe("240");
  });

  it("folds every panel by button and by shortcut; at 1280×720 the canvas then gets at least 60% of the window, re-fitted", async () => {
    const { page } = editor;
    await fresh(page, { width: 1280, height: 720 });
    await openFromDialog(page, "Template gridworld-vgps");
    const toggle = (name: string) => page.getByRole("banner").getByRole("button", { name, exact: true });
    expect(await toggle("Node palette").getAttribute("aria-pressed")).toBe("true");
    await toggle("Node palette").click();
    await expect.poll(() => page.getByRole("complementary", { name: "Node palette" }).isVisible()).toBe(false);
    expect(await toggle("Node palette").getAttribute("aria-pressed")).toBe("false");
    await page.keyboard.press(`${mod}+Alt+b`);
    await expect.poll(() => toggle("Side panels").getAttribute("aria-pressed")).toBe("false");
    await expect.poll(() => page.getByRole("complementary", { name: "Inspector" }).isVisible()).toBe(false);
    await page.keyboard.press(`${mod}+j`);
    await expect.poll(() => toggle("Run panels").getAttribute("aria-pressed")).toBe("false");

    await expect.poll(async () => {
      const canvas = await box(page, ".canvas");
      return (canvas.width * canvas.height) / (1280 * 720);
    }).toBeGreaterThanOrEqual(0.6);
    // The graph was fitted again to its new room: every card inside the canvas, larger than before folding.
    const canvas = await box(page, ".canvas");
    await expect.poll(async () => (await nodeBoxes(page)).every((card) => inside(card, canvas))).toBe(true);
    await page.screenshot({ path: "test/e2e/screenshots/workspace-folded-1280.png" });

    await page.keyboard.press(`${mod}+b`);
    await expect.poll(() => page.getByRole("complementary", { name: "Node palette" }).isVisible()).toBe(true);
    await toggle("Side panels").click();
    await toggle("Run panels").click();
    await expect.poll(() => page.getByRole("complementary", { name: "Inspector" }).isVisible()).toBe(true);
    await expect.poll(async () => (await box(page, "footer.bottom")).height).toBeGreaterThan(200);
    await expect.poll(async () => {
      const room = await box(page, ".canvas");
      return (await nodeBoxes(page)).every((card) => inside(card, room));
    }).toBe(true);
    await page.screenshot({ path: "test/e2e/screenshots/workspace-open-1280.png" });
  });

  it("gives the run panels 36% of the window's height (200 to 320 px) until the user sizes them, then keeps their size", async () => {
    const { page } = editor;
    await fresh(page, { width: 1280, height: 720 });
    const bottom = page.getByRole("separator", { name: "Resize run panels" });
    const dock = async () => Math.round((await box(page, "footer.bottom")).height);
    // A fixed 320 px left the canvas 363 px of a 720 px window.
    expect(await bottom.getAttribute("aria-valuenow")).toBe("259");
    await expect.poll(dock).toBe(259);
    expect((await box(page, ".canvas")).height).toBeGreaterThan(400);
    await page.setViewportSize({ width: 1440, height: 900 });
    await expect.poll(dock).toBe(320);
    expect(await bottom.getAttribute("aria-valuenow")).toBe("320");

    // Sized by the user: kept at any window size, and after a reload.
    await bottom.focus();
    await page.keyboard.press("ArrowUp");
    await expect.poll(dock).toBe(340);
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.waitForTimeout(300);
    expect(await dock()).toBe(340);
    await page.reload();
    await page.getByRole("button", { name: "Add Environment" }).waitFor();
    expect(await bottom.getAttribute("aria-valuenow")).toBe("340");
    expect(await dock()).toBe(340);
  });

  it("keeps the Step tab's controls on one row at 1280 and 1024 px wide, the sliders narrowing first", async () => {
    const { page } = editor;
    await fresh(page, { width: 1280, height: 720 });
    await openFromDialog(page, "Template gridworld-vgps");
    await page.getByLabel("episodes", { exact: true }).fill("1");
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await expect.poll(() => runStatus(page), { timeout: 20_000 }).toMatch(/^Run completed/);
    await expect.poll(() => page.getByRole("button", { name: "Fork from this step" }).isEnabled()).toBe(true);
    for (const width of [1280, 1024]) {
      await page.setViewportSize({ width, height: 720 });
      const rows = async () => {
        const tops = await page.locator(".step-header").evaluate((header) =>
          [...(header as unknown as { querySelectorAll(selector: string): Iterable<{ getBoundingClientRect(): { top: number; height: number } }> }).querySelectorAll("input, button, output")]
            .map((control) => control.getBoundingClientRect())
            .filter((rect) => rect.height > 0)
            .map((rect) => Math.round(rect.top + rect.height / 2)),
        );
        // Controls on one row share a centre line (within a few pixels).
        return new Set(tops.map((centre) => Math.round(centre / 12))).size;
      };
      await expect.poll(rows, { message: `at ${width} px` }).toBe(1);
    }
    // The counter names steps as the heading does, from 0, and says which is the episode's last ("13/13" read as 13 of 13).
    const inspector = page.getByRole("region", { name: "Step inspector" });
    const slider = page.getByRole("slider", { name: "Step" });
    const last = await slider.getAttribute("max");
    await slider.fill(last!);
    await expect.poll(() => inspector.getByRole("heading", { level: 3 }).first().textContent()).toBe(`Episode 0, step ${last}`);
    expect(await page.locator(".scrubber output").textContent()).toBe(`${last} (last)`);
    await slider.fill("0");
    await expect.poll(() => page.locator(".scrubber output").textContent()).toBe(`0 (last ${last})`);
  });

  it("hides the mini map (remembered), and a fitted graph never lies under it", async () => {
    const { page } = editor;
    await fresh(page, { width: 1280, height: 720 });
    await openFromDialog(page, "Template gridworld-vgps");
    await page.getByRole("button", { name: "Fit view" }).click();
    await page.waitForTimeout(400);
    const minimap = await box(page, ".react-flow__minimap");
    const cards = await nodeBoxes(page);
    expect(cards.length).toBe(7);
    expect(cards.filter((card) => overlaps(card, minimap))).toEqual([]);

    const button = page.getByRole("button", { name: "Mini map" });
    expect(await button.getAttribute("aria-pressed")).toBe("true");
    await button.click();
    await expect.poll(() => page.locator(".react-flow__minimap").count()).toBe(0);
    await page.waitForTimeout(300);
    await page.reload();
    await page.getByRole("button", { name: "Add Environment" }).waitFor();
    expect(await page.getByRole("button", { name: "Mini map" }).getAttribute("aria-pressed")).toBe("false");
    expect(await page.locator(".react-flow__minimap").count()).toBe(0);
  });

  it("fits the view again when the window gets smaller, unless the user has moved it since the last fit", async () => {
    const { page } = editor;
    await fresh(page);
    await openFromDialog(page, "Template gridworld-vgps");
    await page.waitForTimeout(400);
    await page.setViewportSize({ width: 1280, height: 720 });
    // Every card in the smaller canvas, none under the mini map.
    await expect.poll(async () => {
      const [pane, minimap, cards] = [await box(page, ".react-flow"), await box(page, ".react-flow__minimap"), await nodeBoxes(page)];
      return cards.filter((card) => !inside(card, pane) || overlaps(card, minimap)).length;
    }).toBe(0);

    // Zoomed in by the user: a resize leaves the view where they put it.
    const executor = await box(page, '[data-testid="node:executor"]');
    await page.mouse.move(executor.x + executor.width / 2, executor.y + executor.height / 2);
    await page.mouse.wheel(0, -300);
    await page.waitForTimeout(400);
    const zoomedIn = await zoom(page);
    const before = await box(page, '[data-testid="node:executor"]');
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.waitForTimeout(500);
    expect(await zoom(page)).toBe(zoomedIn);
    expect(await box(page, '[data-testid="node:executor"]')).toEqual(before);
  });

  it("keeps the toolbar on one line at 1280×720, whatever the status says", async () => {
    const { page } = editor;
    await fresh(page, { width: 1280, height: 720 });
    const toolbar = page.getByRole("banner");
    const oneLine = (await toolbar.boundingBox())!.height;
    expect(oneLine).toBeLessThan(56);
    // The status of a run names its folder and every count: the longest line the toolbar shows (RunStatus's gist and folder).
    await page.getByRole("button", { name: "Add Environment" }).click();
    // Expressions, not functions: these tests compile without the DOM's types.
    const say = (gist: string, where: string) =>
      page.evaluate(
        `document.querySelector("header .run-status").replaceChildren(...${JSON.stringify([["run-status-gist", gist], ["run-status-where muted", where]])}.map(([className, textContent]) => Object.assign(document.createElement("span"), { className, textContent })))`,
      );
    const folder = " · runs/2025-01-01T00-00-00-gridworld-vgps-with-a-long-name";
    await say("Running: episode 1,233 of 100,000, step 56 · 1,200/1,233 successes · 98,765 steps", folder);
    expect((await toolbar.boundingBox())!.height).toBe(oneLine);
    for (const name of ["New", "Run", "Stop", "Node palette", "Keyboard shortcuts"]) {
      const button = await toolbar.getByRole("button", { name, exact: true }).boundingBox();
      expect(button!.x + button!.width, name).toBeLessThanOrEqual(1280);
    }
    // A finished run's result shows whole (the folder and the title give way), and so does the unsaved-changes dot.
    await say("Run completed — 200 episodes, success 98.5\u00a0%", folder);
    const cut = (selector: string) => page.evaluate(`(({ scrollWidth, clientWidth }) => scrollWidth > clientWidth)(document.querySelector(${JSON.stringify(selector)}))`);
    // say() did write it: a function given to evaluate as a string is never called.
    expect(await page.locator("header .run-status-where").textContent()).toBe(folder);
    expect(await cut(".run-status-gist")).toBe(false);
    const [title, dot] = [await toolbar.locator(".doc-title").boundingBox(), await toolbar.getByLabel("unsaved changes").boundingBox()];
    expect(dot!.width).toBeGreaterThan(0);
    expect(dot!.x + dot!.width).toBeLessThanOrEqual(title!.x + title!.width + 0.5);
  });

  it("keeps the file's whole name at 1280×720 and 1440×900 with a run's status beside it: the app's name and the status give way", async () => {
    const { page } = editor;
    await fresh(page, { width: 1280, height: 720 });
    await openFromDialog(page, "examples/gridworld-policy-only.foresight.json");
    const toolbar = page.getByRole("banner");
    expect(await toolbar.getByRole("heading", { level: 1 }).textContent()).toBe("Foresight · gridworld-policy-only.foresight.json");
    const say = (gist: string) =>
      page.evaluate(`document.querySelector("header .run-status").replaceChildren(Object.assign(document.createElement("span"), { className: "run-status-gist", textContent: ${JSON.stringify(gist)} }))`);
    await say("Running: episode 1,233 of 100,000, step 56 · 1,200/1,233 successes · 98,765 steps");
    // Whether the innermost element holding `text` in the title shows it whole (not cut with an ellipsis).
    const whole = (text: string) =>
      page.evaluate(`(() => {
        const holders = [...document.querySelectorAll("header h1, header h1 *")].filter((element) => element.textContent.includes(${JSON.stringify(text)}));
        const innermost = holders.at(-1);
        return innermost.scrollWidth <= innermost.clientWidth && innermost.getBoundingClientRect().width > 0;
      })()`);
    // With the unsaved-changes dot too, at both sizes, and a status long enough to be cut.
    await page.getByLabel("description", { exact: true }).fill("edited");
    for (const viewport of [{ width: 1280, height: 720 }, { width: 1440, height: 900 }]) {
      await page.setViewportSize(viewport);
      await say("Running: episode 1,233 of 100,000, step 56 · 1,200/1,233 successes · 98,765 steps · 12 errors in the last 100 episodes · 3 skipped");
      await page.evaluate("new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))");
      expect(await whole("gridworld-policy-only"), `${viewport.width}`).toBe(true);
      expect(await whole(".foresight.json"), `${viewport.width}`).toBe(true);
      // What gave way instead: the app's name and the status.
      expect(await whole("Foresight"), `${viewport.width}`).toBe(false);
    }
  });

  it("opens the templates with no card over another (the Script node beside the Executor)", async () => {
    const { page } = editor;
    for (const template of ["gridworld-script", "gridworld-vgps", "gridworld-lookahead", "gridworld-worldmodel"]) {
      await openFromDialog(page, `Template ${template}`);
      await page.waitForTimeout(200);
      const cards = await nodeBoxes(page);
      await page.screenshot({ path: `test/e2e/screenshots/template-${template}.png` });
      const pairs = cards.flatMap((a, i) => cards.slice(i + 1).filter((b) => overlaps(a, b)).map((b) => [a, b]));
      expect(pairs, template).toEqual([]);
    }
  });
});

describe("the workspace's look", needs(chromium()), () => {
  it("takes screenshots at 1440×900 and 1280×720: panels open and folded, a node's menu, the find box", async () => {
    const { page } = editor;
    for (const viewport of [{ width: 1440, height: 900 }, { width: 1280, height: 720 }]) {
      await fresh(page, viewport);
      const size = `${viewport.width}x${viewport.height}`;
      await openFromDialog(page, "Template gridworld-vgps");
      await page.waitForTimeout(300);
      await page.screenshot({ path: `test/e2e/screenshots/workspace-open-${size}.png` });
      await page.getByTestId("node:q").click({ button: "right" });
      await page.getByRole("menu", { name: "Node q" }).waitFor();
      await page.screenshot({ path: `test/e2e/screenshots/workspace-node-menu-${size}.png` });
      await page.keyboard.press("Escape");
      for (const combo of [`${mod}+b`, `${mod}+Alt+b`, `${mod}+j`]) await page.keyboard.press(combo);
      await page.waitForTimeout(500);
      await page.screenshot({ path: `test/e2e/screenshots/workspace-folded-${size}.png` });
      await page.keyboard.press(`${mod}+k`);
      await page.getByRole("dialog", { name: "Find node" }).getByRole("combobox").fill("s");
      await page.screenshot({ path: `test/e2e/screenshots/workspace-find-${size}.png` });
      await page.keyboard.press("Escape");
    }
    // The overlays in the dark theme.
    await page.emulateMedia({ colorScheme: "dark" });
    try {
      await page.keyboard.press(`${mod}+b`);
      await page.getByTestId("node:q").click({ button: "right" });
      await page.getByRole("menu", { name: "Node q" }).waitFor();
      await page.screenshot({ path: "test/e2e/screenshots/workspace-node-menu-dark.png" });
      await page.keyboard.press("Escape");
      const spot = await emptySpot(page);
      await page.mouse.dblclick(spot.x, spot.y);
      await page.getByRole("dialog", { name: "Add node" }).getByRole("combobox").fill("r");
      await page.screenshot({ path: "test/e2e/screenshots/workspace-add-node-dark.png" });
      await page.keyboard.press("Escape");
    } finally {
      await page.emulateMedia({ colorScheme: "light" });
    }
  });
});

describe("find and act", needs(chromium()), () => {
  it("finds a node by id, title or kind with Ctrl/Cmd+K (and Ctrl/Cmd+F on the canvas), and zooms to it", async () => {
    const { page } = editor;
    await openFromDialog(page, "Template gridworld-vgps");
    await page.keyboard.press(`${mod}+k`);
    const find = page.getByRole("dialog", { name: "Find node" });
    const field = find.getByRole("combobox", { name: "Find node" });
    await expect.poll(() => focused(field)).toBe(true);
    expect(await find.getByRole("option").count()).toBe(7);
    await field.fill("risk");
    await expect.poll(() => find.getByRole("option").count()).toBe(1);
    await page.screenshot({ path: "test/e2e/screenshots/find-box-1440.png" });
    await field.press("Enter");
    await expect.poll(() => find.count()).toBe(0);
    await expect.poll(() => page.getByTestId("node:risk").locator("..").getAttribute("class")).toContain("selected");
    // Zoomed to it: the card sits in the middle of the canvas at a readable size.
    await page.waitForTimeout(400);
    const canvas = await box(page, ".canvas");
    const risk = await box(page, '[data-testid="node:risk"]');
    expect(Math.abs(risk.x + risk.width / 2 - (canvas.x + canvas.width / 2))).toBeLessThan(120);
    expect(await zoom(page)).toBeGreaterThan(0.9);

    // By kind (the kind's name, not shown on the card), with Ctrl+F while a node has focus.
    await page.getByTestId("node:risk").click();
    await page.keyboard.press(`${mod}+f`);
    await find.getByRole("combobox").fill("q-scorer");
    await expect.poll(() => find.getByRole("option").allTextContents()).toEqual([expect.stringContaining("q ·")]);
    await page.keyboard.press("Escape");
    await expect.poll(() => find.count()).toBe(0);
    // By title.
    await page.keyboard.press(`${mod}+k`);
    await find.getByRole("combobox").fill("Sample 16");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByTestId("node:sampler").locator("..").getAttribute("class")).toContain("selected");
  });

  it("opens node search on a double-click on empty canvas and adds the chosen node there", async () => {
    const { page } = editor;
    const spot = await emptySpot(page);
    await page.mouse.dblclick(spot.x, spot.y);
    const search = page.getByRole("dialog", { name: "Add node" });
    await search.getByRole("combobox").fill("executor");
    await expect.poll(() => search.getByRole("option").first().textContent()).toContain("Executor");
    await page.keyboard.press("Enter");
    await expect.poll(() => nodes(page)).toBe(1);
    const card = await box(page, '[data-testid="node:executor"]');
    expect(Math.abs(card.x - spot.x)).toBeLessThan(20);
    expect(Math.abs(card.y - spot.y)).toBeLessThan(20);
    // One user action, one undo step.
    await page.keyboard.press(`${mod}+z`);
    await expect.poll(() => nodes(page)).toBe(0);
  });

  it("offers duplicate, connect, copy id and delete on a node, each one undo step", async () => {
    const { page } = editor;
    await openFromDialog(page, "Template gridworld-vgps");
    const before = await edges(page);
    await page.getByTestId("node:sampler").click({ button: "right" });
    const menu = page.getByRole("menu", { name: "Node sampler" });
    expect(await menu.getByRole("menuitem").allTextContents()).toEqual([
      expect.stringMatching(/^Duplicate/),
      expect.stringMatching(/^Connect…/),
      "Copy id",
      expect.stringMatching(/^Group/),
      expect.stringMatching(/^Delete/),
    ]);
    await expect.poll(() => focused(menu.getByRole("menuitem").first())).toBe(true);
    await page.screenshot({ path: "test/e2e/screenshots/node-menu-1440.png" });
    await menu.getByRole("menuitem", { name: "Copy id" }).click();
    await expect.poll(() => page.evaluate("navigator.clipboard.readText()")).toBe("sampler");

    await page.getByTestId("node:sampler").click({ button: "right" });
    await menu.getByRole("menuitem", { name: /^Duplicate/ }).click();
    await expect.poll(() => nodes(page)).toBe(8);
    await page.keyboard.press(`${mod}+z`);
    await expect.poll(() => nodes(page)).toBe(7);

    await page.getByTestId("node:sampler").click({ button: "right" });
    // From the keyboard: down to Delete, Enter.
    await page.keyboard.press("End");
    await page.keyboard.press("Enter");
    await expect.poll(() => nodes(page)).toBe(6);
    // Edges are drawn a frame after their nodes: polled too.
    await expect.poll(() => edges(page)).toBe(before - 2);
    await page.keyboard.press(`${mod}+z`);
    await expect.poll(() => nodes(page)).toBe(7);
    await expect.poll(() => edges(page)).toBe(before);
  });

  it("names each node's own element, the one a keyboard user tabs to, by its id and kind, as edges are named; the card inside keeps its title", async () => {
    const { page } = editor;
    await openFromDialog(page, "Template gridworld-vgps");
    const wrapper = page.getByRole("group", { name: "Node q: q-scorer", exact: true });
    expect(await wrapper.getAttribute("data-id")).toBe("q");
    expect(await wrapper.getAttribute("aria-roledescription")).toBe("node");
    // Every node's, not only one: the names read as the file has its ids and kinds.
    const names = (await page.evaluate("[...document.querySelectorAll('.react-flow__node-pipeline')].map((node) => node.getAttribute('aria-label'))")) as (string | null)[];
    expect(names).toEqual(["Node env: environment", "Node policy: policy", "Node sampler: sampler", "Node q: q-scorer", "Node risk: risk-filter", "Node executor: executor", "Node dataset: dataset"]);
    // The card inside is still found by its title, once.
    expect(await wrapper.getByRole("group", { name: "Exact Q (oracle)", exact: true }).count()).toBe(1);
    expect(await page.getByRole("group", { name: "Exact Q (oracle)" }).count()).toBe(1);
    // A node added from the palette is named too.
    await page.getByRole("button", { name: "Add Environment" }).click();
    await expect.poll(() => page.getByRole("group", { name: "Node env-2: environment, selected", exact: true }).count()).toBe(1);
  });

  it("tabs through the canvas's nodes before its edges, and selects and deletes an edge from the keyboard", async () => {
    const { page } = editor;
    await openFromDialog(page, "Template gridworld-vgps");
    const before = await edges(page);
    const focusedName = () => page.evaluate("document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent");
    await page.locator(".react-flow__pane").click({ position: { x: 5, y: 5 } });
    const stops: unknown[] = [];
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press("Tab");
      stops.push(await focusedName());
    }
    expect(stops).toEqual([
      // The way past it all first (SkipGraph.tsx).
      "Skip the graph",
      "Node env: environment",
      "Node policy: policy",
      "Node sampler: sampler",
      "Node q: q-scorer",
      "Node risk: risk-filter",
      "Node executor: executor",
      "Node dataset: dataset",
      expect.stringMatching(/^Edge /),
      expect.stringMatching(/^Edge /),
    ]);
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Shift+Tab");
    expect(await focusedName()).toBe("Node dataset: dataset");
    // Past the last edge, on to what follows the cards.
    for (let i = 0; i < before; i++) await page.keyboard.press("Tab");
    const lastEdge = (await focusedName()) as string;
    expect(lastEdge).toMatch(/^Edge /);
    await page.keyboard.press("Tab");
    expect(await focusedName()).not.toMatch(/^(Edge|Node) /);
    await page.keyboard.press("Shift+Tab");
    expect(await focusedName()).toBe(lastEdge);
    await page.getByRole("group", { name: lastEdge, exact: true }).focus();
    await page.keyboard.press("Enter");
    await page.keyboard.press("Delete");
    await expect.poll(() => edges(page)).toBe(before - 1);
    expect(await page.getByRole("group", { name: lastEdge, exact: true }).count()).toBe(0);
  });

  it("inserts a node into an edge and deletes an edge from its menu", async () => {
    const { page } = editor;
    await openFromDialog(page, "Template gridworld-vgps");
    const before = await edges(page);
    const edge = await edgePoint(page, "sampler.candidates->q.candidates");
    // Each edge is named by its ports, as its menu is (xyflow's own names say only "Edge from sampler to q").
    expect(await page.getByLabel("Edge sampler.candidates->q.candidates", { exact: true }).count()).toBe(1);
    await page.mouse.click(edge.x, edge.y, { button: "right" });
    const menu = page.getByRole("menu", { name: "Edge sampler.candidates->q.candidates" });
    await menu.getByRole("menuitem", { name: "Insert node…" }).click();
    const search = page.getByRole("dialog", { name: "Insert node" });
    // Only kinds that take and give candidates.
    const offered = await search.getByRole("option").locator(".pick-label").allTextContents();
    expect(offered).toContain("Risk filter");
    expect(offered).not.toContain("Policy");
    await search.getByRole("combobox").fill("risk");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByTestId("node:risk-2").count()).toBe(1);
    await expect.poll(() => page.getByTestId("rf__edge-sampler.candidates->risk-2.candidates").count()).toBe(1);
    expect(await page.getByTestId("rf__edge-risk-2.candidates->q.candidates").count()).toBe(1);
    expect(await edges(page)).toBe(before + 1);
    await page.keyboard.press(`${mod}+z`);
    await expect.poll(() => page.getByTestId("node:risk-2").count()).toBe(0);
    await expect.poll(() => edges(page)).toBe(before);

    // From the keyboard: the focused edge's menu.
    await page.locator('.react-flow__edge[data-id="sampler.candidates->q.candidates"]').focus();
    await page.keyboard.press("Shift+F10");
    await expect.poll(() => focused(menu.getByRole("menuitem", { name: "Insert node…" }))).toBe(true);
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await expect.poll(() => edges(page)).toBe(before - 1);
  });

  it("offers add node, paste, select all, auto layout and fit view on the canvas", async () => {
    const { page } = editor;
    await page.getByRole("button", { name: "Add Policy" }).click();
    await page.getByTestId("node:policy").click();
    await page.keyboard.press(`${mod}+c`);
    const spot = await emptySpot(page);
    await page.mouse.click(spot.x, spot.y, { button: "right" });
    const menu = page.getByRole("menu", { name: "Canvas" });
    expect(await menu.getByRole("menuitem").locator("span").allTextContents()).toEqual(["Add node…", "Add note", "Paste", "Select all", "Auto layout", "Fit view"]);
    await page.screenshot({ path: "test/e2e/screenshots/canvas-menu-1440.png" });
    await menu.getByRole("menuitem", { name: /^Paste/ }).click();
    await expect.poll(() => nodes(page)).toBe(2);
    const pasted = await box(page, '[data-testid="node:policy-2"]');
    expect(Math.abs(pasted.x - spot.x)).toBeLessThan(20);
    const free = await emptySpot(page);
    await page.mouse.click(free.x, free.y, { button: "right" });
    await menu.getByRole("menuitem", { name: "Add node…" }).click();
    await page.getByRole("dialog", { name: "Add node" }).getByRole("combobox").fill("dataset");
    await page.keyboard.press("Enter");
    await expect.poll(() => nodes(page)).toBe(3);
  });

  it("selects all nodes with Ctrl/Cmd+A (not the page's text), so Ctrl/Cmd+C copies them", async () => {
    const { page } = editor;
    await openFromDialog(page, "Template gridworld-vgps");
    await page.getByTestId("node:env").click();
    await page.keyboard.press(`${mod}+a`);
    await expect.poll(() => page.locator(".react-flow__node.selected").count()).toBe(7);
    expect(await page.evaluate("window.getSelection().toString()")).toBe("");
    await page.keyboard.press(`${mod}+c`);
    await page.keyboard.press(`${mod}+v`);
    await expect.poll(() => nodes(page)).toBe(14);
    await page.keyboard.press(`${mod}+z`);
    await expect.poll(() => nodes(page)).toBe(7);
    // In a text field, Ctrl+A is the field's.
    const spot = await emptySpot(page);
    await page.mouse.click(spot.x, spot.y);
    await expect.poll(() => page.locator(".react-flow__node.selected").count()).toBe(0);
    const search = page.getByRole("complementary", { name: "Node palette" }).getByLabel("Search nodes");
    await search.fill("risk");
    await search.evaluate((input) => (input as unknown as { setSelectionRange(start: number, end: number): void }).setSelectionRange(4, 4));
    await page.keyboard.press(`${mod}+a`);
    expect(await search.evaluate((input) => [(input as unknown as { selectionStart: number }).selectionStart, (input as unknown as { selectionEnd: number }).selectionEnd])).toEqual([0, 4]);
    expect(await page.locator(".react-flow__node.selected").count()).toBe(0);
  });

  it("makes an edge from the keyboard: a selected node's Connect… lists the ports that fit", async () => {
    const { page } = editor;
    await page.getByRole("button", { name: "Add Policy" }).click();
    await page.getByRole("button", { name: "Add Candidate sampler" }).click();
    await page.getByRole("button", { name: "Add Q-scorer" }).click();
    // Select the policy with the keyboard: Tab to its card, Enter.
    await page.getByTestId("node:policy").locator("..").focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByTestId("node:policy").locator("..").getAttribute("class")).toContain("selected");
    await page.keyboard.press("c");
    const connect = page.getByRole("dialog", { name: "Connect policy" });
    // Polled: under load the dialog's options appear a moment after the key.
    await expect.poll(() => connect.getByRole("option").locator(".pick-label").allTextContents()).toEqual([
      "policy.distribution → sampler.distribution",
      "policy.candidates → q.candidates",
    ]);
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByTestId("rf__edge-policy.distribution->sampler.distribution").count()).toBe(1);
    // From the menu key of the selected sampler: its menu, Connect…, the Q-scorer's candidates.
    // The Connect dialog gives focus back as it closes: under load that can land after the sampler's card
    // took focus, and Enter then goes to the policy. So focus and Enter again until the sampler is selected
    // (Enter on a card selects it; it never toggles).
    await expect.poll(() => connect.count()).toBe(0);
    const sampler = page.getByTestId("node:sampler").locator("..");
    await expect
      .poll(async () => {
        await sampler.focus();
        await page.keyboard.press("Enter");
        return sampler.getAttribute("class");
      })
      .toContain("selected");
    await page.keyboard.press("Shift+F10");
    const menu = page.getByRole("menu", { name: "Node sampler" });
    await menu.getByRole("menuitem", { name: /^Connect…/ }).waitFor();
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    const connectSampler = page.getByRole("dialog", { name: "Connect sampler" });
    await connectSampler.getByRole("combobox").fill("q.");
    await expect.poll(() => connectSampler.getByRole("option").locator(".pick-label").allTextContents()).toEqual(["sampler.candidates → q.candidates"]);
    await page.keyboard.press("Enter");
    await expect.poll(() => edges(page)).toBe(2);
    await page.keyboard.press(`${mod}+z`);
    await expect.poll(() => edges(page)).toBe(1);
  });

  // Fresh-clone CI runs failed the test above twice: the Connect pick's focus on its node, a frame
  // later, took focus back from the card the test had gone on to (its menu key then opened the
  // policy's menu). Here the pick and the move to another card happen in one task, before any frame.
  it("leaves focus on the card the user moved to right after a Connect pick", async () => {
    const { page } = editor;
    await page.getByRole("button", { name: "Add Policy" }).click();
    await page.getByRole("button", { name: "Add Candidate sampler" }).click();
    await page.getByTestId("node:policy").locator("..").focus();
    await page.keyboard.press("Enter");
    await page.keyboard.press("c");
    const connect = page.getByRole("dialog", { name: "Connect policy" });
    await expect.poll(() => connect.getByRole("option").locator(".pick-label").allTextContents()).toEqual(["policy.distribution → sampler.distribution"]);
    await page.evaluate(`(() => {
      document.querySelector("[role=dialog] input").dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
      document.querySelector('.react-flow__node[data-id="sampler"]').focus();
    })()`);
    await page.evaluate("new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))");
    expect(await page.getByTestId("rf__edge-policy.distribution->sampler.distribution").count()).toBe(1);
    expect(await page.evaluate("document.activeElement.closest('.react-flow__node')?.dataset.id")).toBe("sampler");
  });

  it("connects the card keyboard focus is on, selected or not: Tab to it and press C", async () => {
    const { page } = editor;
    await page.getByRole("button", { name: "Add Policy" }).click();
    await page.getByRole("button", { name: "Add Candidate sampler" }).click();
    await page.getByTestId("node:sampler").locator("..").focus();
    await page.keyboard.press("c");
    const connect = page.getByRole("dialog", { name: "Connect sampler" });
    await expect.poll(() => connect.getByRole("option").locator(".pick-label").allTextContents()).toEqual(["policy.distribution → sampler.distribution"]);
    await page.keyboard.press("Escape");
  });

  it("lists every shortcut of the table with ?", async () => {
    const { page } = editor;
    await page.locator(".react-flow__pane").click();
    await page.keyboard.press("?");
    const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
    await expect.poll(() => help.getByRole("row").count()).toBe(SHORTCUTS.length);
    const cells = await help.getByRole("cell").allTextContents();
    for (const shortcut of SHORTCUTS) expect(cells.filter((cell) => cell.startsWith(shortcut.description)), shortcut.id).toHaveLength(1);
    await page.screenshot({ path: "test/e2e/screenshots/shortcut-help-1440.png" });
    // The descriptions of every group in a column start at one line (each group's own key width put them at three).
    const starts = await help.getByRole("cell").evaluateAll((cells) => cells.map((cell) => Math.round((cell as unknown as { getBoundingClientRect(): { left: number } }).getBoundingClientRect().left)));
    expect(new Set(starts).size).toBe(2);
    await page.keyboard.press("Escape");
    await expect.poll(() => help.count()).toBe(0);
    await page.getByRole("button", { name: "Keyboard shortcuts" }).click();
    await help.waitFor();
    await help.getByRole("button", { name: "Close" }).click();
  });

  it("keeps the first node on an empty canvas at 100%, and Fit view of one node zooms no further", async () => {
    const { page } = editor;
    await page.getByRole("button", { name: "Add Environment" }).click();
    await expect.poll(() => nodes(page)).toBe(1);
    await page.waitForTimeout(300);
    expect(await zoom(page)).toBe(1);
    await page.getByRole("button", { name: "Fit view" }).click();
    await page.waitForTimeout(400);
    expect(await zoom(page)).toBeLessThanOrEqual(1);
  });
});
