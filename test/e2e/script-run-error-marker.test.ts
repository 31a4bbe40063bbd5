import { describe, expect, it } from "vitest";
import { chromium, needs } from "../fixtures/requirements.js";
import { editorForFile, openFromDialog, replaceScriptCode, runStatus } from "./editor-harness.js";

const editor = editorForFile();

/** Throws at the third step of every episode, at line 4. */
const FAILING = [
  "let step = 0;",
  "function run(inputs: Inputs): Outputs {",
  "  step++;",
  "  if (step === 3) throw new Error(`boom at step ${step}`);",
  "  const { q, risk } = inputs.candidates.columns as Record<string, number[]>;",
  "  return { candidates: { ...inputs.candidates, columns: { ...inputs.candidates.columns, safeQ: q.map((v, i) => v - 2 * risk[i]!) } } };",
  "}",
  "",
].join("\n");

describe("a Script node's last run error in its code", needs(chromium()), () => {
  it("marks the line and column the run's error names, apart from the type errors", async () => {
    const { page } = editor;
    await openFromDialog(page, "examples/gridworld-script.foresight.json");
    await page.getByLabel("episodes", { exact: true }).fill("1");
    await page.getByTestId("node:safe-q").click();
    await page.locator(".script-code .monaco-editor").waitFor();
    await replaceScriptCode(page, FAILING);
    await expect.poll(() => page.getByRole("status", { name: "Type errors" }).textContent(), { timeout: 20_000 }).toBe("No type errors");
    expect(await page.locator(".script-code .squiggly-error").count()).toBe(0);

    await page.getByRole("button", { name: "Run", exact: true }).click();
    await page.getByRole("dialog", { name: "Run the pipeline's scripts?" }).getByRole("button", { name: "Trust and run" }).click();
    await expect.poll(() => runStatus(page), { timeout: 30_000 }).toMatch(/^Run (completed|failed)/);

    const squiggle = page.locator(".script-code .squiggly-error");
    await expect.poll(() => squiggle.count(), { timeout: 10_000 }).toBe(1);
    // A run's error is not a type error.
    expect(await page.getByRole("status", { name: "Type errors" }).textContent()).toBe("No type errors");
    // On line 4, under `Error`, whose call QuickJS names (column 34: its `(`).
    const lineTop = async (n: number) => (await page.locator(".script-code .line-numbers", { hasText: new RegExp(`^${n}$`) }).boundingBox())!.y;
    expect(Math.abs((await squiggle.boundingBox())!.y - (await lineTop(4)))).toBeLessThan(10);

    // Hovered at each size (a resize closes the hover), as screenshotAtBothSizes names the shots.
    for (const [width, height] of [[1440, 900], [1280, 720]] as const) {
      await page.setViewportSize({ width, height });
      await squiggle.scrollIntoViewIfNeeded();
      // The line's text takes the pointer from the squiggle's layer: move onto the word, as a user does.
      const box = (await squiggle.boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 5 });
      const hover = page.locator(".monaco-hover:not(.hidden)", { hasText: "The last run failed here" });
      await expect.poll(() => hover.first().textContent(), { timeout: 10_000 }).toContain("The last run failed here: Error: boom at step 3 (script line 4, column 34)");
      // Past Monaco's fade-in.
      await page.waitForTimeout(500);
      await page.screenshot({ path: `test/e2e/screenshots/script-editor-run-error-${width}x${height}.png` });
      await page.mouse.move(0, 0);
    }
    await page.setViewportSize({ width: 1440, height: 900 });
  }, 90_000);
});
