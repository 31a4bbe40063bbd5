import { describe, expect, it } from "vitest";
import { chromium, needs } from "../fixtures/requirements.js";
import { editorForFile, openFromDialog, pauseRun, runAnyway, runStatus } from "./editor-harness.js";

const editor = editorForFile();

// In-page code as text: the tests compile without the DOM's types. Records each new text of every
// live region in the toolbar (role status, alert or log, or aria-live, but not aria-live="off"), and
// how often the status line itself changed.
const WATCH_TOOLBAR = `(() => {
  const header = document.querySelector("header");
  const live = () => [...header.querySelectorAll("[role=status], [role=alert], [role=log], [aria-live]")].filter((region) => region.getAttribute("aria-live") !== "off");
  const line = header.querySelector("[role=marquee]");
  const seen = new WeakMap(live().map((region) => [region, region.textContent]));
  let lineText = line.textContent;
  window.announced = [];
  window.lineChanges = 0;
  new MutationObserver(() => {
    for (const region of live()) {
      const text = region.textContent;
      if (seen.get(region) === text) continue;
      seen.set(region, text);
      if (text) window.announced.push(text);
    }
    if (line.textContent !== lineText) {
      lineText = line.textContent;
      window.lineChanges++;
    }
  }).observe(header, { subtree: true, childList: true, characterData: true, attributes: true });
})()`;

describe("what a screen reader hears of a run", needs(chromium()), () => {
  it("one sentence per change of phase, while the status line's counts change without being read out", async () => {
    const { page } = editor;
    await openFromDialog(page, "examples/gridworld-vgps.foresight.json");
    await page.getByRole("tab", { name: "Inspector" }).click();
    await page.getByLabel("episodes", { exact: true }).fill("100000");
    const line = page.getByRole("banner").getByRole("marquee", { name: "Run status" });
    expect(await line.getAttribute("aria-live")).toBe("off");
    await page.evaluate(WATCH_TOOLBAR);

    await page.getByRole("button", { name: "Run", exact: true }).click();
    await runAnyway(page);
    // Running long enough for the counts to change many times over.
    await expect.poll(() => page.evaluate("window.lineChanges"), { timeout: 20_000 }).toBeGreaterThan(15);
    await pauseRun(page);
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await expect.poll(() => runStatus(page)).toMatch(/^Running: /);
    await page.getByRole("button", { name: "Stop", exact: true }).click();
    await expect.poll(() => runStatus(page), { timeout: 20_000 }).toContain("Run stopped");
    expect(await line.isVisible()).toBe(true);

    const announced = (await page.evaluate("window.announced")) as string[];
    expect(announced).toHaveLength(4);
    expect(announced[0]).toBe("Run started.");
    expect(announced[1]).toMatch(/^Run paused at episode [\d,]+, step [\d,]+\.$/);
    expect(announced[2]).toBe("Run resumed.");
    expect(announced[3]).toMatch(/^Run stopped: [\d,]+ episodes?.*, success [\d.]+\s%\.$/);
    // The region that says it is in the toolbar, by role, out of sight.
    const region = page.getByRole("banner").getByRole("status");
    expect(await region.textContent()).toBe(announced[3]);
    expect((await region.boundingBox())!.width).toBeLessThanOrEqual(1);
  }, 90_000);
});
