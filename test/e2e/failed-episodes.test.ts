import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { example } from "../fixtures/pipelines.js";
import { chromium, needs } from "../fixtures/requirements.js";
import { BIN, editorForFile, screenshotAtBothSizes } from "./editor-harness.js";

const editor = editorForFile();

/** gridworld-script whose Script fails at step 2 of some episodes (its seeded Math.random says which): the run completes with some failed. */
function sometimesFails(): object {
  const doc = example("gridworld-script");
  doc.name = "sometimes-fails";
  doc.nodes = doc.nodes.filter((n) => n.kind !== "dataset");
  doc.edges = doc.edges.filter((e) => !e.to.startsWith("dataset."));
  doc.nodes.find((n) => n.kind === "script")!.params["code"] = [
    "let step = 0;",
    "function run({ candidates }: { candidates: any }): { candidates: any } {",
    '  if (step++ === 2 && Math.random() < 0.4) throw new Error("the safety check found no safe action");',
    "  const { q, risk } = candidates.columns;",
    "  return { candidates: { ...candidates, columns: { ...candidates.columns, safeQ: q.map((v: number, i: number) => v - 2 * risk[i]) } } };",
    "}",
  ].join("\n");
  return doc;
}

describe("a reopened run with some failed episodes", needs(chromium()), () => {
  it("gives the first failure's reason in its Runs row and on its Dashboard, and jumps between its failed episodes", async () => {
    const { page, root } = editor;
    const file = join(root, "examples", "sometimes-fails.foresight.json");
    writeFileSync(file, JSON.stringify(sometimesFails()));
    execFileSync(process.execPath, [BIN, "run", file, "-n", "10", "-q", "--trust", "--out", join(root, "runs")], { cwd: root });
    const run = readdirSync(join(root, "runs")).find((name) => name.startsWith("sometimes-fails-"))!;
    const events = readFileSync(join(root, "runs", run, "trace.jsonl"), "utf8").trim().split("\n").map((line) => JSON.parse(line) as { type: string; episode?: number; status?: string; steps?: number });
    const failed = events.filter((e) => e.type === "episode.end" && e.status === "error").map((e) => ({ episode: e.episode!, step: e.steps! })).sort((a, b) => a.episode - b.episode);
    // Some failed, not all: the run completed, and its summary names no error of its own.
    expect(failed.length).toBeGreaterThan(1);
    expect(failed.length).toBeLessThan(10);
    const reason = `node "safe-q" (script) at episode ${failed[0]!.episode}, step ${failed[0]!.step}: Error: the safety check found no safe action`;

    await page.getByRole("tab", { name: "Runs" }).click();
    const runs = page.getByRole("region", { name: "Runs" });
    await runs.getByRole("button", { name: "Refresh" }).click();
    const row = runs.locator("li.run-row").filter({ hasText: run });
    await expect.poll(() => row.locator(".run-details").textContent()).toContain(`${failed.length} failed`);
    expect(await row.locator(".run-details").textContent()).toContain(`first error: ${reason}`);

    await row.getByRole("button", { name: run, exact: true }).click();
    await page.getByRole("tab", { name: "Dashboard" }).click();
    const dashboard = page.getByRole("region", { name: "Dashboard" });
    await expect.poll(() => dashboard.getByTestId("first-error").textContent()).toContain(`First error: ${reason}`);

    await page.getByRole("tab", { name: "Step", exact: true }).click();
    const inspector = page.getByRole("region", { name: "Step inspector" });
    const jumps = inspector.getByRole("group", { name: "Failed episodes" });
    expect(await jumps.textContent()).toContain(`${failed.length} failed episodes`);
    const heading = inspector.locator(".step-env h3");
    await jumps.getByRole("button", { name: "Next failed episode" }).click();
    await expect.poll(() => heading.textContent()).toBe(`Episode ${failed[0]!.episode}, step ${failed[0]!.step}`);
    expect(await jumps.getByRole("button", { name: "Previous failed episode" }).isDisabled()).toBe(true);
    await screenshotAtBothSizes(page, "failed-episodes", inspector);
    // The keys, from the inspector: "]" to the next, "[" back.
    await inspector.focus();
    await page.keyboard.press("]");
    await expect.poll(() => heading.textContent()).toBe(`Episode ${failed[1]!.episode}, step ${failed[1]!.step}`);
    await page.keyboard.press("[");
    await expect.poll(() => heading.textContent()).toBe(`Episode ${failed[0]!.episode}, step ${failed[0]!.step}`);
  }, 90_000);
});
