import { describe, expect, it } from "vitest";
import { chromium, needs } from "../fixtures/requirements.js";
import { editorForFile } from "./editor-harness.js";

const editor = editorForFile();

describe("the side panels' tabs (the WAI-ARIA tabs pattern)", needs(chromium()), () => {
  it("are one Tab stop; ←/→ (wrapping), Home and End move between them and show their panel", async () => {
    const { page } = editor;
    const tabs = page.getByRole("tablist", { name: "Side panels" }).getByRole("tab");
    const focusedTab = () => page.evaluate("document.activeElement?.getAttribute('role') === 'tab' ? document.activeElement.textContent : null");
    const selected = () => page.getByRole("tablist", { name: "Side panels" }).getByRole("tab", { selected: true }).textContent();
    expect(await tabs.evaluateAll((all) => all.map((tab) => (tab as unknown as { tabIndex: number }).tabIndex))).toEqual([0, -1, -1]);
    await tabs.first().focus();
    await page.keyboard.press("ArrowRight");
    expect(await focusedTab()).toBe("Dashboard");
    expect(await selected()).toBe("Dashboard");
    expect(await tabs.evaluateAll((all) => all.map((tab) => (tab as unknown as { tabIndex: number }).tabIndex))).toEqual([-1, 0, -1]);
    await page.keyboard.press("End");
    expect(await focusedTab()).toBe("Runs");
    await expect.poll(() => page.getByRole("region", { name: "Runs" }).count()).toBe(1);
    await page.keyboard.press("ArrowRight");
    expect(await focusedTab()).toBe("Inspector");
    await page.keyboard.press("ArrowLeft");
    expect(await focusedTab()).toBe("Runs");
    await page.keyboard.press("Home");
    expect(await selected()).toBe("Inspector");
    // Tab leaves the tab list for the panel instead of visiting the other tabs.
    await page.keyboard.press("Tab");
    expect(await focusedTab()).toBeNull();
    await page.keyboard.press("Shift+Tab");
    expect(await focusedTab()).toBe("Inspector");
  });
});
