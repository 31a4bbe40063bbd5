import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { chromium, needs } from "../fixtures/requirements.js";
import { dragHandle, editorForFile, restingCardBoxes } from "./editor-harness.js";

const editor = editorForFile({ freshDocument: true });

// The light theme's --ok and --error (renderer/styles.css).
const OK = "rgb(46, 125, 50)";
const ERROR = "rgb(198, 40, 40)";

interface HandleLook {
  ring: string;
  fill: string;
  classes: string;
}
/** How a port's handle is drawn now: its ring and fill, and xyflow's classes on it. (In-page code as text: the tests compile without the DOM's types.) */
async function look(page: Page, testId: string): Promise<HandleLook> {
  return (await page.evaluate(`(() => {
    const handle = document.querySelector('[data-testid="${testId}"]');
    const style = getComputedStyle(handle);
    return { ring: style.boxShadow, fill: style.backgroundColor, classes: handle.className };
  })()`)) as HandleLook;
}

const centre = async (page: Page, testId: string) => {
  const box = (await page.getByTestId(testId).boundingBox())!;
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
};

/** Presses on one handle and moves part of the way towards another, leaving the drag in progress. */
async function startDrag(page: Page, fromTestId: string, towardsTestId: string) {
  const from = await centre(page, fromTestId);
  const to = await centre(page, towardsTestId);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + (to.x - from.x) / 2, from.y + (to.y - from.y) / 2 + 40, { steps: 5 });
}

async function addNodes(page: Page, titles: string[]) {
  for (const title of titles) await page.getByRole("button", { name: `Add ${title}` }).click();
  await page.getByRole("button", { name: "Fit view" }).click();
  // Fit view glides (200 ms): drag once the cards rest where they end.
  await restingCardBoxes(page);
}

describe("drawing an edge shows where it fits", needs(chromium()), () => {
  it("rings the ports a drag from sampler.candidates could end on, dims the rest, and greens or reds the hovered one", async () => {
    const { page } = editor;
    await addNodes(page, ["Candidate sampler", "Q-scorer", "Executor"]);
    const fits = ["in:q:candidates", "in:executor:candidates"];
    const others = ["in:q:environment", "in:executor:environment", "out:q:candidates", "in:sampler:distribution"];
    const idle = new Map(await Promise.all([...fits, ...others].map(async (id) => [id, await look(page, id)] as const)));
    await startDrag(page, "out:sampler:candidates", "in:q:candidates");
    for (const id of fits) {
      const port = await look(page, id);
      expect(port.fill, id).toBe(idle.get(id)!.fill);
      expect(port.ring, id).toContain(OK);
    }
    for (const id of others) {
      const port = await look(page, id);
      expect(port.fill, `${id} dimmed`).not.toBe(idle.get(id)!.fill);
      expect(port.ring, id).toBe("none");
    }
    // Over a port that does not take candidates: red; over one that does: green.
    const wrong = await centre(page, "in:q:environment");
    await page.mouse.move(wrong.x, wrong.y, { steps: 4 });
    await expect.poll(async () => (await look(page, "in:q:environment")).classes).toContain("connectingto");
    expect((await look(page, "in:q:environment")).fill).toBe(ERROR);
    expect((await look(page, "in:q:environment")).classes).not.toMatch(/\bvalid\b/);
    const right = await centre(page, "in:q:candidates");
    await page.mouse.move(right.x, right.y, { steps: 4 });
    await expect.poll(async () => (await look(page, "in:q:candidates")).classes).toMatch(/\bvalid\b/);
    expect((await look(page, "in:q:candidates")).fill).toBe(OK);
    await page.mouse.up();
    await expect.poll(() => page.locator(".react-flow__edge").count()).toBe(1);
    // The drag is over: nothing dimmed, nothing ringed.
    await expect.poll(async () => (await look(page, "in:q:environment")).fill).toBe(idle.get("in:q:environment")!.fill);
    expect((await look(page, "in:executor:candidates")).ring).toBe("none");
  });

  it("works backwards from an input, and on the compact cards' port dots", async () => {
    const { page } = editor;
    await addNodes(page, ["Candidate sampler", "Q-scorer", "Executor"]);
    await startDrag(page, "in:executor:candidates", "out:q:candidates");
    expect((await look(page, "out:q:candidates")).ring).toContain(OK);
    expect((await look(page, "out:sampler:candidates")).ring).toContain(OK);
    // Not the executor's own output, and not an input.
    expect((await look(page, "out:executor:candidates")).ring).toBe("none");
    expect((await look(page, "in:q:candidates")).ring).toBe("none");
    await page.mouse.up();
    // Zoomed out to the compact cards: the same rings on their dots.
    while ((await page.locator(".node-card.compact").count()) === 0) await page.getByRole("button", { name: "Zoom Out" }).click();
    await restingCardBoxes(page);
    await startDrag(page, "out:sampler:candidates", "in:q:candidates");
    expect((await look(page, "in:q:candidates")).ring).toContain(OK);
    expect((await look(page, "in:q:environment")).ring).toBe("none");
    const right = await centre(page, "in:q:candidates");
    await page.mouse.move(right.x, right.y, { steps: 4 });
    await page.mouse.up();
    await expect.poll(() => page.locator(".react-flow__edge").count()).toBe(1);
  });

  it("lists every port type with its colour in a legend that is folded until asked for", async () => {
    const { page } = editor;
    await addNodes(page, ["Q-scorer"]);
    const toggle = page.getByRole("button", { name: "Ports", exact: true });
    expect(await toggle.getAttribute("aria-expanded")).toBe("false");
    expect(await page.getByRole("list", { name: "Port types" }).count()).toBe(0);
    await toggle.click();
    const legend = page.getByRole("list", { name: "Port types" });
    const types = await legend.getByRole("listitem").allTextContents();
    expect(types).toEqual(expect.arrayContaining(["observation", "environment", "actionDistribution", "candidates", "transition"]));
    // The swatch is the colour the handles of that type are drawn in.
    const swatch = await page.evaluate(`getComputedStyle(document.querySelector('.port-legend li[data-type="candidates"] .port-swatch')).backgroundColor`);
    expect(await legend.getByRole("listitem").filter({ hasText: /^candidates$/ }).count()).toBe(1);
    expect((await look(page, "in:q:candidates")).fill).toBe(swatch);
    await toggle.click();
    expect(await legend.count()).toBe(0);
  });

  it("names what would fit after a refused drop, and clears that once an edge is made", async () => {
    const { page } = editor;
    await addNodes(page, ["Candidate sampler", "Q-scorer", "Risk filter"]);
    const notice = page.getByTestId("notice");
    const refusedAt = Date.now();
    await dragHandle(page, "out:sampler:candidates", "in:q:environment");
    await expect.poll(() => notice.textContent()).toBe("cannot connect candidates → environment: sampler.candidates fits q.candidates or risk.candidates");
    expect(await page.locator(".react-flow__edge").count()).toBe(0);
    await dragHandle(page, "out:sampler:candidates", "in:q:candidates");
    await expect.poll(() => page.locator(".react-flow__edge").count()).toBe(1);
    await expect.poll(() => notice.textContent()).toBe("");
    // Cleared by the edge, not by the notice's own timeout (8 s).
    expect(Date.now() - refusedAt).toBeLessThan(8000);
    // Once the only free candidates input left is the risk filter's, that is the one named.
    await dragHandle(page, "out:sampler:candidates", "in:risk:environment");
    await expect.poll(() => notice.textContent()).toContain("sampler.candidates fits risk.candidates");
  });

  it("says the same when one port is clicked and then another (click to connect)", async () => {
    const { page } = editor;
    await addNodes(page, ["Candidate sampler", "Q-scorer"]);
    const notice = page.getByTestId("notice");
    await page.getByTestId("out:sampler:candidates").click();
    await page.getByTestId("in:q:environment").click();
    await expect.poll(() => notice.textContent()).toBe("cannot connect candidates → environment: sampler.candidates fits q.candidates");
    await page.getByTestId("out:sampler:candidates").click();
    await page.getByTestId("out:q:value").click();
    await expect.poll(() => notice.textContent()).toBe("sampler.candidates and q.value are both outputs: connect an output (right side) to an input (left side)");
    expect(await page.locator(".react-flow__edge").count()).toBe(0);
    await page.getByTestId("out:sampler:candidates").click();
    await page.getByTestId("in:q:candidates").click();
    await expect.poll(() => page.locator(".react-flow__edge").count()).toBe(1);
    await expect.poll(() => notice.textContent()).toBe("");
  });
});
