import { describe, expect, it } from "vitest";
import { chromium, needs } from "../fixtures/requirements.js";
import { editorForFile, runFromDialog } from "./editor-harness.js";

const editor = editorForFile();

describe("the step view of a continuous-action run", needs(chromium()), () => {
  it("shows the chosen torque as a bar per dimension and the candidates as points against their predicted return", async () => {
    const { page } = editor;
    await runFromDialog(page, "examples/pendulum-worldmodel.foresight.json", 1);

    const inspector = page.getByRole("region", { name: "Step inspector" });
    const bars = inspector.getByRole("img", { name: /^Chosen action: dimension 0 = -?\d+\.\d{3}$/ });
    await expect.poll(() => bars.count(), { timeout: 10_000 }).toBe(1);
    // The bar shows the torque the step outcome names (read together: the view may move to the next step between two reads).
    const shown = async () => {
      const torque = Number(/= (-?\d+\.\d+)$/.exec((await bars.getAttribute("aria-label")) ?? "")?.[1]);
      const outcome = await inspector.getByTestId("step-outcome").textContent();
      return { bar: torque.toFixed(3), outcome: Number(/action \[(-?[\d.e-]+)\]/.exec(outcome ?? "")?.[1]).toFixed(3) };
    };
    await expect.poll(() => shown().then(({ bar, outcome }) => bar === outcome), { timeout: 10_000 }).toBe(true);
    expect(Math.abs(Number((await shown()).bar))).toBeLessThanOrEqual(2);

    // One-dimensional torques: plotted against the last charted score, the rollout's predicted return.
    const scatter = inspector.getByRole("img", { name: "Candidates: predicted return against action[0], 32 points" });
    expect(await scatter.count()).toBe(1);
    expect(await scatter.locator("circle").count()).toBe(32);
    expect(await scatter.locator("circle.selected").count()).toBe(1);

    for (const [width, height] of [[1440, 900], [1280, 720]] as const) {
      await page.setViewportSize({ width, height });
      await page.waitForTimeout(300);
      await page.screenshot({ path: `test/e2e/screenshots/pendulum-step-${width}x${height}.png` });
    }
    await page.setViewportSize({ width: 1440, height: 900 });
  }, 120_000);
});
