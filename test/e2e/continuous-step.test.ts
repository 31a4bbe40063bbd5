import type { Locator } from "playwright-core";
import { describe, expect, it } from "vitest";
import { chromium, needs } from "../fixtures/requirements.js";
import { editorForFile, runFromDialog, screenshotAtBothSizes } from "./editor-harness.js";

const editor = editorForFile();

describe("the step view of a continuous-action run", needs(chromium()), () => {
  it("draws the pendulum with its candidate torques, shows the chosen torque as a bar per dimension and the candidates as points against their predicted return", async () => {
    const { page } = editor;
    await runFromDialog(page, "examples/pendulum-worldmodel.foresight.json", 1);

    const inspector = page.getByRole("region", { name: "Step inspector" });
    // One step picked, so every read below is of it: the view following the run may still be catching up with
    // its last events, and each step draws on its own torque range (CI once read 1.661 from one, 1.76 from the next).
    await page.getByRole("slider", { name: "Step" }).fill("5");
    await expect.poll(() => inspector.locator(".step-env h3").textContent(), { timeout: 10_000 }).toBe("Episode 0, step 5");
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
    const scatter = inspector.getByRole("img", { name: /^Candidates: predicted return \(\S+ to \S+\) against action\[0\] \(−\S+ to \S+\), 32 points$/ });
    // Polled: the scatter is drawn once the step's candidate table has come (a frame after the bars, under load).
    await expect.poll(() => scatter.count()).toBe(1);
    // Both charts draw torques on one range, labelled at its ends and middle (the scatter's caption said −2.11 … 0.25
    // while the bars' said ±2.000, and neither had ticks); the scatter's score axis spans the score chart's range.
    const ticks = (chart: Locator, axis: "x" | "y") => chart.locator(`.ticks.${axis} text`).allTextContents();
    // The range is the largest torque drawn (at most the action space's 2), the same in both charts.
    const bound = /against action\[0\] \(−(\S+) to (\S+)\)/.exec((await scatter.getAttribute("aria-label")) ?? "")!;
    expect(bound[1]).toBe(bound[2]);
    expect(Number(bound[2])).toBeLessThanOrEqual(2);
    expect(await ticks(scatter, "x")).toEqual([`−${bound[2]}`, "0", bound[2]]);
    expect(await ticks(bars, "x")).toEqual([`−${bound[2]}`, "0", bound[2]]);
    const scoreRange = /\((\S+) … (\S+)\)/.exec((await inspector.locator(".score-chart figcaption").textContent()) ?? "")!;
    // …and reads its ends as the caption does (it said −20.079 beside a tick's −20.08).
    const yTicks = await ticks(scatter, "y");
    expect([yTicks[0], yTicks.at(-1)]).toEqual([scoreRange[1], scoreRange[2]]);
    expect(await scatter.locator("circle").count()).toBe(32);
    expect(await scatter.locator("circle.selected").count()).toBe(1);

    // The pendulum itself: the rod at the step's angle, the chosen torque as an arc, a tick per candidate torque.
    const view = inspector.getByRole("img", { name: /^Environment: rod at θ = -?\d+\.\d\d rad \(-?\d+° from upright\), θ̇ = -?\d+\.\d\d rad\/s; 32 candidate torques, 0 filtered; chosen torque -?\d\.\d\d$/ });
    await expect.poll(() => view.count()).toBe(1);
    expect(await view.locator("line.rod").count()).toBe(1);
    expect(await view.locator("line.tick").count()).toBe(32);
    expect(await view.locator("line.tick.chosen").count()).toBeGreaterThanOrEqual(1);
    // The step's numbers are short: the observation and reward at 4 significant digits (the trace keeps them whole).
    const reward = /reward (\S+)/.exec((await inspector.getByTestId("step-outcome").textContent()) ?? "")?.[1];
    expect(Number(reward)).toBe(Number(Number(reward).toPrecision(4)));

    await screenshotAtBothSizes(page, "pendulum-step");
  }, 120_000);

  it("draws CartPole's cart and pole with the angles that end the episode, and both pushes, the chosen one marked", async () => {
    const { page } = editor;
    await runFromDialog(page, "examples/cartpole-vgps.foresight.json", 1);

    const inspector = page.getByRole("region", { name: "Step inspector" });
    await page.getByRole("slider", { name: "Step" }).fill("3");
    const view = inspector.getByRole("img", { name: /^Environment: cart at x = -?\d\.\d\d m \(ends at ±2\.4\), pole at -?\d+\.\d° \(falls past ±12\.0°\); chosen push (left|right)$/ });
    await expect.poll(() => view.count()).toBe(1);
    expect(await view.locator("g.scene-push").count()).toBe(2);
    expect(await view.locator("g.scene-push.chosen").count()).toBe(1);
    // The pushes are named in the step's outcome as in the candidate table.
    expect(await inspector.getByTestId("step-outcome").textContent()).toMatch(/^action [01] \(push (left|right)\)/);

    await screenshotAtBothSizes(page, "cartpole-step", view);
  }, 120_000);
});
