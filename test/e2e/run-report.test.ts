import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, needs } from "../fixtures/requirements.js";
import { BIN, openEditor, type Editor } from "./editor-harness.js";

let editor: Editor;

beforeAll(async () => {
  editor = await openEditor();
}, 60_000);
afterAll(async () => editor?.close());

describe("a run's report from the Runs list", needs(chromium()), () => {
  it("writes report.html in the run folder and hands the same page to the browser as a download", async () => {
    const { page, root } = editor;
    execFileSync(process.execPath, [BIN, "run", join(root, "examples/gridworld-vgps.foresight.json"), "-n", "4", "-q", "--out", join(root, "runs")], { cwd: root });
    const run = readdirSync(join(root, "runs")).sort().at(-1)!;
    await page.getByRole("tab", { name: "Runs" }).click();
    const runs = page.getByRole("region", { name: "Runs" });
    await runs.getByRole("button", { name: "Refresh" }).click();
    const download = page.waitForEvent("download");
    await runs.getByRole("button", { name: `Report on ${run}` }).click();
    await expect.poll(() => page.getByTestId("notice").textContent()).toContain(`Report written to runs/${run}/report.html`);
    const file = join(root, "runs", run, "report.html");
    expect(existsSync(file)).toBe(true);
    const downloaded = await download;
    expect(downloaded.suggestedFilename()).toBe(`${run}-report.html`);
    expect(readFileSync((await downloaded.path())!, "utf8")).toBe(readFileSync(file, "utf8"));
  }, 60_000);
});
