import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, openEditor, type Editor } from "./editor-harness.js";

const SHOTS = "test/e2e/screenshots";
let editor: Editor;

beforeAll(async () => {
  editor = await openEditor();
  mkdirSync(SHOTS, { recursive: true });
}, 60_000);
afterAll(async () => editor?.close());

describe("the editor's look", () => {
  it("shows an opened example laid out from its stored positions, with typed ports and panels", async () => {
    const { page } = editor;
    await page.getByRole("button", { name: "Open", exact: true }).click();
    await page.getByRole("dialog").getByRole("button", { name: "examples/gridworld-vgps.foresight.json" }).waitFor();
    await page.screenshot({ path: `${SHOTS}/open-dialog-light.png` });
    await page.getByRole("dialog").getByRole("button", { name: "examples/gridworld-vgps.foresight.json" }).click();
    await expect.poll(() => page.getByRole("group", { name: "Exact Q (oracle)" }).count()).toBe(1);
    await expect.poll(() => page.locator(".react-flow__edge").count()).toBe(11);
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${SHOTS}/editor-example-light.png` });
    await page.getByRole("group", { name: "Sample 16" }).click();
    await expect.poll(() => page.getByLabel("n", { exact: true }).inputValue()).toBe("16");
    await page.getByLabel("n", { exact: true }).fill("0");
    await expect.poll(() => page.getByTestId("node:sampler").getAttribute("class")).toContain("has-problems");
    await page.screenshot({ path: `${SHOTS}/editor-inspector-problem-light.png` });
    await page.getByLabel("n", { exact: true }).fill("16");
    await page.getByRole("button", { name: "Auto layout" }).click();
    await page.waitForTimeout(500);
    await page.screenshot({ path: `${SHOTS}/editor-auto-layout-light.png` });
    const risk = await page.getByTestId("node:risk").boundingBox();
    await page.mouse.move(risk!.x + risk!.width / 2, risk!.y + risk!.height / 2);
    for (let i = 0; i < 3; i++) await page.mouse.wheel(0, -200);
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${SHOTS}/editor-zoomed-light.png` });
    await page.emulateMedia({ colorScheme: "dark" });
    await page.waitForTimeout(200);
    expect(await page.evaluate("getComputedStyle(document.body).backgroundColor")).not.toBe("rgb(246, 247, 249)");
    await page.screenshot({ path: `${SHOTS}/editor-auto-layout-dark.png` });
  });

  it("shows a live run: node badges, the step's grid and candidates, the episode curves (light and dark)", async () => {
    const { page, root } = editor;
    // A policy-only run on disk: the dashboard's default baseline.
    execFileSync(process.execPath, [BIN, "run", join(root, "examples/gridworld-policy-only.foresight.json"), "-n", "150", "-q", "--out", join(root, "runs")]);
    const baseline = readdirSync(join(root, "runs"))[0]!;
    await page.emulateMedia({ colorScheme: "light" });
    await page.getByRole("button", { name: "Open", exact: true }).click();
    // The confirmation (unsaved changes) or the Open dialog: wait for one before deciding.
    const discard = page.getByRole("dialog").getByRole("button", { name: "Discard changes" });
    await discard.or(page.getByRole("dialog", { name: "Open a pipeline" })).first().waitFor();
    if (await discard.isVisible()) await discard.click();
    await page.getByRole("dialog").getByRole("button", { name: "examples/gridworld-vgps.foresight.json" }).click();
    await page.getByLabel("episodes", { exact: true }).fill("100000");
    await page.getByRole("button", { name: "Run", exact: true }).click();
    const status = page.getByRole("banner").getByRole("status");
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toMatch(/ [1-9]\d{2,} steps/);
    await page.getByRole("tab", { name: "Dashboard" }).click();
    await expect.poll(() => page.getByLabel("Baseline").inputValue()).toBe(`runs/${baseline}`);
    await page.waitForTimeout(1500);
    await page.getByRole("button", { name: "Pause", exact: true }).click();
    await expect.poll(() => status.textContent()).toContain("Run paused");
    await page.getByRole("button", { name: "Fit view" }).click();
    await page.waitForTimeout(500);
    await page.screenshot({ path: `${SHOTS}/live-run-light.png` });
    await page.emulateMedia({ colorScheme: "dark" });
    await page.waitForTimeout(400);
    await page.screenshot({ path: `${SHOTS}/live-run-dark.png` });
    await page.getByRole("button", { name: "Stop", exact: true }).click();
    await expect.poll(() => status.textContent(), { timeout: 20_000 }).toContain("Run stopped");
  }, 60_000);
});
