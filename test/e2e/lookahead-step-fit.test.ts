import { describe, expect, it } from "vitest";
import { chromium, needs } from "../fixtures/requirements.js";
import { atSize, editorForFile, openCliRun, openFromDialog, pastTheWindow } from "./editor-harness.js";

const editor = editorForFile();
const SIZES = [[1440, 900], [1280, 720]] as const;

describe("the step view of a look-ahead run", needs(chromium()), () => {
  it("shows the candidates' heading and table in sight beside the grid", async () => {
    const { page } = editor;
    await openFromDialog(page, "examples/gridworld-lookahead.foresight.json");
    await openCliRun(editor, "gridworld-lookahead", 1);
    await page.getByRole("tab", { name: "Step", exact: true }).click();
    await page.getByRole("slider", { name: "Step" }).fill("2");
    const step = page.getByRole("region", { name: "Step inspector" });
    const heading = step.locator(".candidates-head h3");
    const table = step.locator(".step-candidates .table-scroll");
    for (const [width, height] of SIZES) {
      await atSize(page, width, height);
      await page.screenshot({ path: `test/e2e/screenshots/lookahead-step-fit-${width}x${height}.png` });
      expect(await heading.textContent()).toMatch(/^Candidates \(16/);
      for (const part of [heading, table]) expect(await pastTheWindow(page, part)).toBe(0);
    }
    await atSize(page, 1440, 900);
  }, 90_000);

  it("keeps the Problems panel's width when a problem appears", async () => {
    const { page } = editor;
    const problemsColumn = page.locator(".bottom-left");
    const before = (await problemsColumn.boundingBox())!.width;
    await page.getByRole("group", { name: "Executor", exact: true }).click();
    await page.getByRole("complementary", { name: "Inspector" }).getByLabel("score", { exact: true }).fill("no-such-column");
    await expect.poll(() => page.getByRole("region", { name: "Problems" }).locator("li").count()).toBeGreaterThan(0);
    await page.screenshot({ path: "test/e2e/screenshots/problems-width-1440x900.png" });
    expect((await problemsColumn.boundingBox())!.width).toBe(before);
  }, 30_000);
});
