import { describe, expect, it } from "vitest";
import { chromium, needs } from "../fixtures/requirements.js";
import { editorForFile, openCliRun, screenshotAtBothSizes } from "./editor-harness.js";

const editor = editorForFile();

describe("a rollout's step in the inspector", needs(chromium()), () => {
  it("shows each candidate's samples: their returns, the steps they lasted and the step a hazard was hit, matching the risk column", async () => {
    const { page } = editor;
    await page.setViewportSize({ width: 1440, height: 900 });
    await openCliRun(editor, "gridworld-lookahead", 2, "--seed", "3");
    await page.getByRole("slider", { name: "Step" }).fill("0");

    const nodes = page.getByRole("list", { name: "Node inputs and outputs" });
    await nodes.locator("summary", { hasText: "rollout" }).first().click();
    const samples = nodes.getByRole("table", { name: "Rollout samples" });
    await expect.poll(() => samples.getByRole("row").count()).toBeGreaterThan(1);
    expect(await nodes.getByRole("figure").textContent()).toMatch(/8 samples per candidate, 6 steps ahead, simulated on copies of the environment/);

    // The risk column of the step's table, by action name.
    const inspector = page.getByRole("region", { name: "Step inspector" });
    const table = inspector.getByRole("table", { name: "Candidates" });
    const headers = await table.getByRole("columnheader").allTextContents();
    const riskColumn = headers.findIndex((text) => /^risk/i.test(text));
    const risks = new Map<string, number>();
    for (const row of await table.locator("tbody tr").all()) {
      const cells = await row.locator("td").allTextContents();
      const action = /\((\w+)\)/.exec(cells[headers.findIndex((text) => /^action/i.test(text))]!)![1]!;
      if (cells[riskColumn] !== "") risks.set(action, Number.parseFloat(cells[riskColumn]!) / (cells[riskColumn]!.includes("%") ? 100 : 1));
    }

    let hits = 0;
    for (const row of await samples.locator("tbody tr").all()) {
      const action = /^[a-z]+/.exec((await row.getByRole("rowheader").textContent())!)![0];
      const strip = row.getByRole("list", { name: `${action}: 8 samples` });
      const names = await strip.getByRole("listitem").evaluateAll((items) => items.map((item) => (item as unknown as { getAttribute(name: string): string }).getAttribute("aria-label")));
      expect(names).toHaveLength(8);
      for (const name of names) expect(name).toMatch(/^sample [1-8]: return -?[\d.]+, lasted [1-6] of 6 steps, (hazard at step [1-6]|no hazard)$/);
      const hazards = names.filter((name) => /hazard at step/.test(name)).length;
      hits += hazards;
      expect(await row.locator(".hazard-count").textContent()).toBe(`${hazards}/8 hit a hazard`);
      expect(hazards / 8).toBeCloseTo(risks.get(action)!, 2);
    }
    // At this step of seed 3 some samples slip into lava: the marks are drawn.
    expect(hits).toBeGreaterThan(0);
    expect(await samples.locator(".hazard-mark").count()).toBe(hits);
    await screenshotAtBothSizes(page, "rollout-samples", samples);
  }, 60_000);

  it("shows a learned model's samples with their expected steps and hazard chance, since it predicts no single outcome", async () => {
    const { page } = editor;
    await page.setViewportSize({ width: 1440, height: 900 });
    await openCliRun(editor, "pointmass-rawmpc", 1, "--set", "run.maxSteps=3");
    await page.getByRole("slider", { name: "Step" }).fill("1");

    const nodes = page.getByRole("list", { name: "Node inputs and outputs" });
    await nodes.locator("summary", { hasText: "rollout" }).first().click();
    const samples = nodes.getByRole("table", { name: "Rollout samples" });
    await expect.poll(() => samples.locator("tbody tr").count()).toBeGreaterThan(1);
    expect(await nodes.getByRole("figure").textContent()).toMatch(/1 sample per candidate, 5 steps ahead, imagined by the learned dynamics model/);
    const names = await samples.getByRole("listitem").evaluateAll((items) => items.map((item) => (item as unknown as { getAttribute(name: string): string }).getAttribute("aria-label")));
    expect(names.length).toBe(await samples.locator("tbody tr").count());
    for (const name of names) expect(name).toMatch(/^sample 1: return -?[\d.]+, expected [\d.]+ of 5 steps, hazard chance \d+%$/);
    expect(await samples.locator(".hazard-count").first().textContent()).toMatch(/^hazard chance \d+%$/);
    await screenshotAtBothSizes(page, "rollout-samples-learned", samples);
  }, 60_000);
});
