import { describe, expect, it } from "vitest";
import { chromium, needs } from "../fixtures/requirements.js";
import { editorForFile } from "./editor-harness.js";

const editor = editorForFile();

const VGPS = "examples/gridworld-vgps.foresight.json";

describe("the Open dialog", needs(chromium()), () => {
  it("lists the files opened and saved lately under Recent, most recent first, above the other files", async () => {
    const { page } = editor;
    const dialog = page.getByRole("dialog", { name: "Open a pipeline" });
    const section = (name: string) => dialog.getByRole("region", { name, exact: true }).getByRole("button").allTextContents();

    await page.getByRole("button", { name: "Open", exact: true }).click();
    expect(await dialog.getByRole("region", { name: "Recent" }).count()).toBe(0);
    await expect.poll(() => section("Files")).toContain(VGPS);
    await dialog.getByRole("button", { name: VGPS, exact: true }).click();
    await expect.poll(() => page.locator(".react-flow__node").count()).toBeGreaterThan(0);

    await page.getByRole("button", { name: "Save as", exact: true }).click();
    await page.getByLabel("File name").fill("mine/copy.foresight.json");
    await page.getByRole("dialog").getByRole("button", { name: "Save", exact: true }).click();
    await expect.poll(() => page.getByTestId("notice").textContent()).toContain("Saved mine/copy.foresight.json");

    await page.getByRole("button", { name: "Open", exact: true }).click();
    await expect.poll(() => section("Recent")).toEqual(["mine/copy.foresight.json", VGPS]);
    const others = await section("Other files");
    expect(others).not.toContain(VGPS);
    expect(others).toContain("examples/gridworld-script.foresight.json");
    await page.screenshot({ path: "test/e2e/screenshots/open-dialog-recent-light.png" });
  });

  it("narrows the files and templates by every word typed in its filter, focused first; Enter opens the first left", async () => {
    const { page } = editor;
    const dialog = page.getByRole("dialog", { name: "Open a pipeline" });
    const filter = dialog.getByRole("searchbox", { name: "Filter files and templates" });
    await expect.poll(() => page.evaluate(`document.activeElement?.getAttribute("aria-label")`)).toBe("Filter files and templates");
    const shown = async () => (await dialog.getByRole("button").allTextContents()).filter((text) => text !== "Cancel");
    const all = await shown();
    await page.keyboard.type("lookahead EXAMPLES");
    await expect.poll(shown).toEqual(all.filter((text) => text.startsWith("examples/") && text.includes("lookahead")));
    expect((await shown()).length).toBeGreaterThan(0);
    // A template is found by its description too; files without the words are gone.
    await filter.fill("risk-aware");
    await expect.poll(async () => (await dialog.getByRole("region", { name: "Templates" }).getByRole("button").count()) > 0).toBe(true);
    await filter.fill("no such pipeline");
    await expect.poll(() => dialog.textContent()).toContain("Nothing matches “no such pipeline”.");
    expect(await shown()).toEqual([]);
    await filter.fill("gridworld-vgps.foresight");
    const first = (await shown())[0]!;
    await filter.press("Enter");
    await expect.poll(() => page.title()).toBe(`${first.split("/").at(-1)} — Foresight`);
    expect(await dialog.count()).toBe(0);
    await page.getByRole("button", { name: "Open", exact: true }).click();
    await dialog.waitFor();
  });

  it("keeps Save as open with the name as typed and the reason when the host refuses the path", async () => {
    const { page } = editor;
    // The test before left the Open dialog up.
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: "Save as", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Save as" });
    expect(await dialog.textContent()).toContain("foresight serve --root");
    await page.getByLabel("File name").fill("../outside.foresight.json");
    await dialog.getByRole("button", { name: "Save", exact: true }).click();
    await expect.poll(() => dialog.getByRole("alert").textContent()).toMatch(/^Could not save \.\.\/outside\.foresight\.json: /);
    expect(await page.getByLabel("File name").inputValue()).toBe("../outside.foresight.json");
    expect(await page.getByLabel("File name").getAttribute("aria-invalid")).toBe("true");
    // Corrected in place, it saves and closes.
    await page.getByLabel("File name").fill("mine/inside.foresight.json");
    expect(await dialog.getByRole("alert").count()).toBe(0);
    await dialog.getByRole("button", { name: "Save", exact: true }).click();
    await expect.poll(() => page.getByTestId("notice").textContent()).toContain("Saved mine/inside.foresight.json");
    expect(await dialog.count()).toBe(0);
  });
});
