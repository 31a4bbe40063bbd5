import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { chromium, needs } from "../fixtures/requirements.js";
import { BIN, editorForFile, openFromDialog } from "./editor-harness.js";

/** Runs an example on the CLI into the root's runs/, as a user might beside the editor. */
function cliRun(root: string, example: string, episodes: number, ...flags: string[]): void {
  execFileSync(process.execPath, [BIN, "run", join(root, `examples/${example}.foresight.json`), "-n", String(episodes), "-q", ...flags, "--out", join(root, "runs")], { cwd: root });
}

const editor = editorForFile({
  prepare: ({ root }) => {
    // Pendulum's policy alone, but in another world (another gravity), and GridWorld's: neither is a Pendulum pipeline's baseline.
    cliRun(root, "pendulum-policy-only", 1, "--set", "env.g=9");
    cliRun(root, "gridworld-policy-only", 2);
    // Shopping's documented baseline, named "scripted", not "policy-only".
    cliRun(root, "shopping-scripted", 2);
  },
});

describe("the Dashboard's default baseline and charts before a run", needs(chromium()), () => {
  it("takes no run of another world as a Pendulum pipeline's baseline, and draws no success chart for a world that reports none", async () => {
    const { page } = editor;
    await openFromDialog(page, "examples/pendulum-worldmodel.foresight.json");
    await page.getByRole("tab", { name: "Dashboard" }).click();
    const dashboard = page.getByRole("region", { name: "Dashboard" });
    const baseline = dashboard.getByRole("combobox", { name: "Baseline" });
    await expect.poll(() => baseline.locator("option").count()).toBe(4);
    expect(await baseline.inputValue()).toBe("");
    expect(await dashboard.getByRole("img", { name: /^Success rate/ }).count()).toBe(0);
    // Chosen by hand, the other world's run is marked as such.
    const other = await baseline.locator("option", { hasText: "pendulum-policy-only" }).getAttribute("value");
    await baseline.selectOption(other!);
    await expect.poll(() => dashboard.getByTestId("baseline-world").textContent()).toContain("act in different worlds");
    expect(await dashboard.getByRole("img", { name: /^Success rate/ }).count()).toBe(0);
  }, 60_000);

  it("takes the shopping-scripted run as shopping-stepq's baseline: a policy acting alone in its world", async () => {
    const { page } = editor;
    await page.reload();
    await openFromDialog(page, "examples/shopping-stepq.foresight.json");
    await page.getByRole("tab", { name: "Dashboard" }).click();
    const baseline = page.getByRole("region", { name: "Dashboard" }).getByRole("combobox", { name: "Baseline" });
    await expect.poll(() => baseline.inputValue()).toMatch(/^runs\/shopping-scripted-/);
  }, 60_000);
});
