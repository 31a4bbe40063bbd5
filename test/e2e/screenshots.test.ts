import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { chromium, needs } from "../fixtures/requirements.js";
import { BIN, editorForFile, openFromDialog, pauseRun, runAnyway } from "./editor-harness.js";

const SHOTS = "test/e2e/screenshots";
const editor = editorForFile({ prepare: () => mkdirSync(SHOTS, { recursive: true }) });

/** A screenshot under test/e2e/screenshots (`npm run screenshots` copies the README's to docs/: tools/doc-screenshots.ts). */
async function shot(page: Page, name: string) {
  await page.screenshot({ path: `${SHOTS}/${name}.png` });
}

describe("the editor's look", needs(chromium()), () => {
  it("shows an opened example laid out from its stored positions, with typed ports and panels", async () => {
    const { page } = editor;
    await page.emulateMedia({ colorScheme: "light" });
    await page.getByRole("button", { name: "Open", exact: true }).click();
    await page.getByRole("dialog").getByRole("button", { name: "examples/gridworld-vgps.foresight.json" }).waitFor();
    await shot(page, "open-dialog-light");
    await page.getByRole("dialog").getByRole("button", { name: "examples/gridworld-vgps.foresight.json" }).click();
    await expect.poll(() => page.getByRole("group", { name: "Exact Q (oracle)" }).count()).toBe(1);
    await expect.poll(() => page.locator(".react-flow__edge").count()).toBe(11);
    // The README's first picture: the pipeline, with the run panels folded for room.
    await page.getByRole("button", { name: "Hide run panels" }).click();
    await page.getByRole("button", { name: "Fit view" }).click();
    await page.waitForTimeout(400);
    await shot(page, "editor-example-light");
    await page.emulateMedia({ colorScheme: "dark" });
    await page.waitForTimeout(200);
    await shot(page, "editor-example-dark");
    await page.getByRole("button", { name: "Show run panels" }).click();
    await page.emulateMedia({ colorScheme: "light" });
    // A score over a column nothing upstream adds: a problem in the field, on the card and in the panel.
    await page.getByTestId("node:executor").click();
    await page.getByLabel("score", { exact: true }).fill("qq * 2");
    await expect.poll(() => page.getByTestId("node:executor").getAttribute("class")).toContain("has-problems");
    await expect.poll(() => page.getByRole("region", { name: "Problems" }).textContent()).toContain('uses "qq"');
    await shot(page, "editor-inspector-problem-light");
    await page.getByLabel("score", { exact: true }).fill("q");
    await page.getByRole("button", { name: "Auto layout" }).click();
    await page.waitForTimeout(500);
    await shot(page, "editor-auto-layout-light");
    const risk = await page.getByTestId("node:risk").boundingBox();
    await page.mouse.move(risk!.x + risk!.width / 2, risk!.y + risk!.height / 2);
    for (let i = 0; i < 3; i++) await page.mouse.wheel(0, -200);
    await page.waitForTimeout(300);
    await shot(page, "editor-zoomed-light");
    await page.emulateMedia({ colorScheme: "dark" });
    await page.waitForTimeout(200);
    expect(await page.evaluate("getComputedStyle(document.body).backgroundColor")).not.toBe("rgb(246, 247, 249)");
    await shot(page, "editor-auto-layout-dark");
  });

  it("shows a live run: node badges, the step's grid and candidates, the episode curves (light and dark)", async () => {
    const { page, root } = editor;
    // A policy-only run on disk: the dashboard's default baseline.
    execFileSync(process.execPath, [BIN, "run", join(root, "examples/gridworld-policy-only.foresight.json"), "-n", "150", "-q", "--out", join(root, "runs")]);
    const baseline = readdirSync(join(root, "runs"))[0]!;
    await page.emulateMedia({ colorScheme: "light" });
    await openFromDialog(page, "examples/gridworld-vgps.foresight.json");
    await page.getByLabel("episodes", { exact: true }).fill("100000");
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await runAnyway(page);
    const status = page.getByRole("banner").getByRole("marquee", { name: "Run status" });
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toMatch(/ [1-9][\d,]{2,} steps/);
    await page.waitForTimeout(1500);
    await pauseRun(page);
    // Paused first: a run going flat out on two cores can hold the dashboard's first answers for seconds.
    await page.getByRole("tab", { name: "Dashboard" }).click();
    await expect.poll(() => page.getByRole("combobox", { name: "Baseline" }).inputValue()).toBe(`runs/${baseline}`);
    // Named short enough to read whole in the side dock (the folder name's time was cut off), the folder in its title.
    const select = page.getByRole("combobox", { name: "Baseline" });
    expect(await select.locator("option:checked").textContent()).toMatch(/^gridworld-policy-only, \d\d-\d\d \d\d:\d\d, 150 ep\.$/);
    expect(await select.getAttribute("title")).toBe(`runs/${baseline} (gridworld-policy-only, 150 episodes)`);
    // Beside the curves, the difference as `foresight compare` says it.
    await expect
      .poll(() => page.getByTestId("baseline-difference").textContent())
      .toMatch(/^This run − baseline: success rate \+\d+\.\d pts \[\+\d+\.\d, \+\d+\.\d\] · mean return \+[\d.]+ \[.+\] \(95% intervals\)\. The interval of the success-rate difference excludes 0: this run succeeds more often\.$/);
    await page.getByRole("button", { name: "Fit view" }).click();
    await page.waitForTimeout(500);
    await shot(page, "live-run-light");
    await page.emulateMedia({ colorScheme: "dark" });
    await page.waitForTimeout(400);
    await shot(page, "live-run-dark");
    await page.getByRole("button", { name: "Stop", exact: true }).click();
    await expect.poll(() => status.textContent(), { timeout: 20_000 }).toContain("Run stopped");
  }, 60_000);

  it("shows where a drawn edge fits, with the legend of port types (both sizes, light and dark)", async () => {
    const { page, root } = editor;
    // The V-GPS example with the risk filter → executor edge taken out: the executor's candidates input is free.
    const example = JSON.parse(readFileSync(join(root, "examples/gridworld-vgps.foresight.json"), "utf8")) as { edges: { from: string; to: string }[] };
    example.edges = example.edges.filter((edge) => edge.to !== "executor.candidates");
    mkdirSync(join(root, "drafts"), { recursive: true });
    writeFileSync(join(root, "drafts/vgps-unwired.foresight.json"), JSON.stringify(example, null, 2));
    for (const [viewport, size] of [
      [{ width: 1440, height: 900 }, "1440"],
      [{ width: 1280, height: 720 }, "1280"],
    ] as const) {
      await page.setViewportSize(viewport);
      await page.emulateMedia({ colorScheme: "light" });
      await openFromDialog(page, "drafts/vgps-unwired.foresight.json");
      await page.getByRole("button", { name: "Hide run panels" }).click();
      await page.getByRole("button", { name: "Fit view" }).click();
      await page.waitForTimeout(400);
      // Closer, on the scoring end of the chain, so the full cards (port names) show.
      const q = (await page.getByTestId("node:q").boundingBox())!;
      const executor = (await page.getByTestId("node:executor").boundingBox())!;
      await page.mouse.move((q.x + executor.x + executor.width) / 2, (q.y + executor.y + executor.height) / 2);
      for (let i = 0; i < 2; i++) await page.mouse.wheel(0, -200);
      await page.waitForTimeout(400);
      await page.getByRole("button", { name: "Ports", exact: true }).click();
      // Backwards from the free input: every output that could feed it is ringed, the rest dimmed.
      const from = (await page.getByTestId("in:executor:candidates").boundingBox())!;
      const to = (await page.getByTestId("out:risk:candidates").boundingBox())!;
      await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
      await page.mouse.down();
      await page.mouse.move((from.x + to.x) / 2, Math.max(from.y, to.y) + 110, { steps: 6 });
      await expect.poll(() => page.getByTestId("connection-highlight").count()).toBe(1);
      await shot(page, `connect-highlight-${size}-light`);
      await page.emulateMedia({ colorScheme: "dark" });
      await page.waitForTimeout(200);
      await shot(page, `connect-highlight-${size}-dark`);
      if (size === "1440") await page.getByRole("list", { name: "Port types" }).screenshot({ path: `${SHOTS}/port-legend-dark.png` });
      await page.mouse.up();
      await page.getByRole("button", { name: "Ports", exact: true }).click();
      await page.getByRole("button", { name: "Show run panels" }).click();
    }
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.emulateMedia({ colorScheme: "light" });
  }, 60_000);

  it("shows a Script node's code in Monaco with its type errors, in both themes, and the trust dialog", async () => {
    const { page } = editor;
    await page.emulateMedia({ colorScheme: "light" });
    await openFromDialog(page, "examples/gridworld-script.foresight.json");
    await page.getByTestId("node:safe-q").click();
    await page.locator(".script-code .monaco-editor").waitFor();
    // A deliberate mistake, so the picture shows an inline error: `q` is a number[] column.
    const code = page.getByRole("textbox", { name: "Script code" });
    await code.focus();
    await page.keyboard.press("Control+End");
    await page.keyboard.insertText('\nconst label: number = "safe";');
    await expect.poll(() => page.getByRole("status", { name: "Type errors" }).textContent(), { timeout: 20_000 }).toMatch(/^1 type error/);
    await page.getByRole("button", { name: "Fit view" }).click();
    await page.waitForTimeout(400);
    await shot(page, "script-inspector-light");
    await page.emulateMedia({ colorScheme: "dark" });
    await expect.poll(() => page.locator(".script-code .monaco-editor").getAttribute("class")).toContain("vs-dark");
    await page.waitForTimeout(300);
    await shot(page, "script-inspector-dark");
    await page.emulateMedia({ colorScheme: "light" });
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await page.getByRole("dialog", { name: "Run the pipeline's scripts?" }).waitFor();
    await shot(page, "trust-dialog-light");
    await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();
  }, 60_000);
});
