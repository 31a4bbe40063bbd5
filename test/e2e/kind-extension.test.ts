import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { BONUS_MODULE } from "../fixtures/kinds/bonus-pipeline.js";
import { dragHandle, editorForFile, openFromDialog, restingCardBoxes, runStatus, screenshotAtBothSizes } from "./editor-harness.js";

// A node kind that only a fixture defines, as built: the editor must show it and its `bonus` column
// from the kind catalog alone, with no renderer change.

const editor = editorForFile({ serveArgs: ["--kinds", BONUS_MODULE] });

const status = () => runStatus(editor.page);
const stepInspector = (page: Page) => page.getByRole("region", { name: "Step inspector" });
const candidateTable = (page: Page) => stepInspector(page).getByRole("table", { name: "Candidates" });
const columnHeaders = async (page: Page) =>
  (await candidateTable(page).getByRole("columnheader").allTextContents()).map((text) => text.trim());

/** Environment → policy → sampler → bonus scorer → executor (acting on the best bonus). */
const EDGES: [string, string][] = [
  ["out:env:environment", "in:policy:environment"],
  ["out:policy:distribution", "in:sampler:distribution"],
  ["out:sampler:candidates", "in:bonus:candidates"],
  ["out:bonus:candidates", "in:executor:candidates"],
  ["out:env:environment", "in:executor:environment"],
];

describe("a node kind from a module given to foresight serve --kinds", () => {
  it("is in the palette, has its param form and columns in the inspector, runs, and its column shows in the candidate table and score chart", async () => {
    const { page } = editor;
    const add = page.getByRole("button", { name: "Add Bonus scorer", exact: true });
    expect(await add.getAttribute("title")).toContain("Adds columns: Bonus");
    for (const title of ["Environment", "Policy", "Candidate sampler", "Bonus scorer", "Executor"]) {
      await page.getByRole("button", { name: `Add ${title}`, exact: true }).click();
    }
    await expect.poll(() => page.locator(".react-flow__node").count()).toBe(5);
    // Named by the kind's declared short id.
    expect(await page.getByTestId("node:bonus").count()).toBe(1);
    await page.getByRole("button", { name: "Fit view" }).click();
    // Fit view glides (200 ms): drag once the cards rest where they end.
    await restingCardBoxes(page);
    for (const [from, to] of EDGES) await dragHandle(page, from, to);
    await expect.poll(() => page.locator(".react-flow__edge").count()).toBe(EDGES.length);

    // Its params form, generated from the kind's zod schema, and the columns it declares.
    await page.getByRole("group", { name: "Bonus scorer", exact: true }).click();
    const inspector = page.getByRole("complementary", { name: "Inspector" });
    await expect.poll(() => inspector.getByLabel("weight", { exact: true }).inputValue()).toBe("2");
    await inspector.getByLabel("weight", { exact: true }).fill("3");
    expect(await inspector.getByRole("list", { name: "Columns it adds" }).textContent()).toMatch(/Bonus\s*bonus/);
    await page.screenshot({ path: "test/e2e/screenshots/kind-bonus-inspector.png" });

    await page.getByRole("group", { name: "Executor", exact: true }).click();
    await inspector.getByLabel("score", { exact: true }).fill("bonus");
    await page.locator(".react-flow__pane").click({ position: { x: 8, y: 200 } });
    await page.getByLabel("episodes", { exact: true }).fill("3");
    await expect.poll(() => page.getByRole("region", { name: "Problems" }).textContent()).toContain("No problems");

    await page.getByRole("button", { name: "Run", exact: true }).click();
    await expect.poll(status, { timeout: 20_000 }).toMatch(/Run completed — 3 episodes/);

    // The step view loads the last step after the status reads completed, so its table is polled.
    await expect.poll(() => columnHeaders(page)).toEqual(["#", "action", "log-prob", "greedy", "Bonus", "selected"]);
    const bonuses = await candidateTable(page).locator(`tbody td[data-column="bonus"]`).allTextContents();
    expect(bonuses.length).toBeGreaterThan(0);
    for (const bonus of bonuses) expect(Number(bonus)).toBeGreaterThan(0);
    // The chart draws the last declared score: the bonus, after the sampler's log-prob.
    expect(await stepInspector(page).getByRole("img", { name: /^Bonus of each candidate, from / }).count()).toBe(1);
    expect(await stepInspector(page).getByText(/^Bonus per candidate/).count()).toBe(1);

    await screenshotAtBothSizes(page, "kind-bonus-step");
  }, 90_000);

  it("shows a built-in pipeline's candidate table as before: labels from the catalog, verdict columns last, Q charted", async () => {
    const { page } = editor;
    await openFromDialog(page, "Template gridworld-vgps");
    // Another episode count than the first run's, so its status cannot be mistaken for this one's.
    await page.getByLabel("episodes", { exact: true }).fill("4");
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await expect.poll(status, { timeout: 20_000 }).toMatch(/Run completed — 4 episodes/);
    await expect.poll(() => columnHeaders(page)).toEqual(["#", "action", "log-prob", "greedy", "Q", "risk", "filtered", "selected"]);
    expect(await stepInspector(page).getByRole("img", { name: /^Q of each candidate, from / }).count()).toBe(1);
    await screenshotAtBothSizes(page, "vgps-step");
  }, 60_000);
});
