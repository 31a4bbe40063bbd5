import { describe, expect, it } from "vitest";
import { chromium, needs } from "../fixtures/requirements.js";
import { editorForFile, runFromDialog } from "./editor-harness.js";

const editor = editorForFile();

describe("the shopping task in the step inspector", needs(chromium()), () => {
  it("shows a step's page as a web page, with the candidates marked on what they click and the executed one named", async () => {
    const { page } = editor;
    await runFromDialog(page, "examples/shopping-lookahead.foresight.json", 3, 20_000);

    const inspector = page.getByRole("region", { name: "Step inspector" });
    await page.getByRole("slider", { name: "Episode" }).fill("0");
    // Step 1 decides on the results of the step-0 search: which product to open.
    await page.getByRole("slider", { name: "Step" }).fill("1");
    const view = inspector.getByRole("group", { name: /^Environment: results page 1 of \d+ for “.+”; \d+ candidate actions?; chosen click\[B0[A-Z0-9]{8}\]$/ });
    await expect.poll(() => view.count()).toBe(1);
    await expect.poll(() => view.locator(".shop-results li").count()).toBe(10);
    const chosen = view.locator(".shop-act.chosen");
    expect(await chosen.count()).toBe(1);
    expect(await chosen.getAttribute("aria-label")).toMatch(/\(\d+ candidates?, best \d(\.\d+)?, chosen\)$/);
    expect(await inspector.getByRole("paragraph").filter({ hasText: /^Instruction / }).textContent()).toMatch(/price lower than \d+\.00 dollars/);
    expect(await inspector.getByTestId("step-outcome").textContent()).toMatch(/action click\[B0[A-Z0-9]{8}\]/);

    await page.screenshot({ path: "test/e2e/screenshots/shopping-step-1440-light.png" });
    await page.setViewportSize({ width: 1280, height: 720 });
    await view.screenshot({ path: "test/e2e/screenshots/shopping-page-1280-light.png" });
    await page.screenshot({ path: "test/e2e/screenshots/shopping-step-1280-light.png" });

    // The step that buys: an item page with its options, ending in a purchase.
    const steps = Number(await page.getByRole("slider", { name: "Step" }).getAttribute("max"));
    await page.getByRole("slider", { name: "Step" }).fill(String(steps));
    await expect.poll(() => inspector.getByRole("group", { name: /^Environment: item page of .+; chosen buy$/ }).count()).toBe(1);
    await page.setViewportSize({ width: 1440, height: 900 });
    await inspector.getByRole("group", { name: /^Environment: item page/ }).screenshot({ path: "test/e2e/screenshots/shopping-item-1440-light.png" });
    // Episode 2 asks for options: its item pages show option values with their candidates' scores.
    await page.getByRole("slider", { name: "Episode" }).fill("2");
    await page.getByRole("slider", { name: "Step" }).fill("2");
    await expect.poll(() => inspector.getByRole("heading", { name: "Episode 2, step 2" }).count()).toBe(1);
    await inspector.locator(".step-env").screenshot({ path: "test/e2e/screenshots/shopping-episode2-step2-1440-light.png" });
  }, 60_000);
});
