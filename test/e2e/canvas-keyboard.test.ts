import { describe, expect, it } from "vitest";
import { chromium, needs } from "../fixtures/requirements.js";
import { editorForFile, openFromDialog } from "./editor-harness.js";

const editor = editorForFile();

describe("the canvas from the keyboard", needs(chromium()), () => {
  it("rings the card or edge Tab is on, and offers to skip the graph to the inspector", async () => {
    const { page } = editor;
    await openFromDialog(page, "examples/gridworld-vgps.foresight.json");
    const skip = page.getByRole("button", { name: "Skip the graph" });
    // Out of sight until Tab reaches it.
    expect((await skip.boundingBox())!.width).toBeLessThan(2);
    await page.getByRole("button", { name: "Validate" }).focus();
    for (let press = 0; press < 60 && !(await page.evaluate("document.activeElement.textContent === 'Skip the graph'")); press++) await page.keyboard.press("Tab");
    expect((await skip.boundingBox())!.width).toBeGreaterThan(40);

    await page.keyboard.press("Tab");
    const card = await page.evaluate("(() => { const e = document.activeElement; const s = getComputedStyle(e); return [e.classList.contains('react-flow__node'), s.outlineStyle, parseFloat(s.outlineWidth)]; })()");
    expect(card).toEqual([true, "solid", 3]);
    for (let press = 0; press < 20 && !(await page.evaluate("!!document.activeElement.closest('.react-flow__edge')")); press++) await page.keyboard.press("Tab");
    const halo = await page.evaluate("getComputedStyle(document.activeElement.querySelector('.react-flow__edge-interaction')).strokeOpacity");
    expect(Number(halo)).toBeGreaterThan(0.3);

    await skip.focus();
    await page.keyboard.press("Enter");
    expect(await page.evaluate("document.activeElement.closest('main') === null && document.activeElement.textContent")).toBe("Inspector");
  });
});
