import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { chromium, needs } from "../fixtures/requirements.js";
import { BIN, dragHandle, editorForFile, restingCardBoxes } from "./editor-harness.js";

const editor = editorForFile();

function foresight(...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8" });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The edges of examples/gridworld-vgps.foresight.json without its dataset node. */
const EDGES: [string, string][] = [
  ["out:env:environment", "in:policy:environment"],
  ["out:policy:distribution", "in:sampler:distribution"],
  ["out:sampler:candidates", "in:q:candidates"],
  ["out:env:environment", "in:q:environment"],
  ["out:q:candidates", "in:risk:candidates"],
  ["out:env:environment", "in:risk:environment"],
  ["out:risk:candidates", "in:executor:candidates"],
  ["out:env:environment", "in:executor:environment"],
];

describe("building the GridWorld value-guided pipeline in the editor", needs(chromium()), () => {
  it("builds, saves and runs it with the same success rate as the shipped example", async () => {
    const { page, root } = editor;
    for (const title of ["Environment", "Policy", "Candidate sampler", "Q-scorer", "Risk filter", "Executor"]) {
      await page.getByRole("button", { name: `Add ${title}`, exact: true }).click();
    }
    await expect.poll(() => page.locator(".react-flow__node").count()).toBe(6);
    await page.getByRole("button", { name: "Fit view" }).click();
    // Fit view glides (200 ms): drag once the cards rest where they end.
    await restingCardBoxes(page);
    for (const [from, to] of EDGES) await dragHandle(page, from, to);
    await expect.poll(() => page.locator(".react-flow__edge").count()).toBe(EDGES.length);

    await page.getByRole("group", { name: "Environment", exact: true }).click();
    await page.getByLabel("map", { exact: true }).selectOption("lava-bridge");
    await page.getByLabel("slip", { exact: true }).fill("0.1");
    await page.getByRole("group", { name: "Q-scorer", exact: true }).click();
    await page.getByLabel("variant", { exact: true }).selectOption("oracle");
    await page.getByRole("group", { name: "Candidate sampler", exact: true }).click();
    await page.getByLabel("n", { exact: true }).fill("16");

    await page.locator(".react-flow__pane").click({ position: { x: 8, y: 200 } });
    await page.getByLabel("seed", { exact: true }).fill("1");
    await page.getByLabel("episodes", { exact: true }).fill("50");
    await page.getByLabel("maxSteps", { exact: true }).fill("100");
    await expect.poll(() => page.getByRole("region", { name: "Problems" }).textContent()).toContain("No problems");

    await page.getByRole("button", { name: "Save as", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Save as" });
    await dialog.getByLabel("File name").fill("pipelines/built.foresight.json");
    await dialog.getByRole("button", { name: "Save", exact: true }).click();
    await expect.poll(() => page.getByTestId("notice").textContent()).toContain("Saved pipelines/built.foresight.json");
    await expect.poll(() => page.title()).not.toContain("●");

    const built = join(root, "pipelines/built.foresight.json");
    expect(existsSync(built)).toBe(true);
    expect(foresight("validate", built).code).toBe(0);

    const example = JSON.parse(readFileSync("examples/gridworld-vgps.foresight.json", "utf8"));
    example.nodes = example.nodes.filter((node: { id: string }) => node.id !== "dataset");
    example.edges = example.edges.filter((edge: { to: string; from: string }) => !edge.to.startsWith("dataset.") && !edge.from.startsWith("dataset."));
    const out = mkdtempSync(join(tmpdir(), "foresight-e2e-runs-"));
    const exampleFile = join(out, "example.foresight.json");
    writeFileSync(exampleFile, JSON.stringify(example));
    const runArgs = ["--episodes", "50", "--seed", "1", "--json", "--trace", "off", "--out", out];
    const fromEditor = foresight("run", built, ...runArgs);
    const fromExample = foresight("run", exampleFile, ...runArgs);
    expect(fromEditor.code, fromEditor.stderr).toBe(0);
    expect(fromExample.code, fromExample.stderr).toBe(0);
    const a = JSON.parse(fromEditor.stdout);
    const b = JSON.parse(fromExample.stdout);
    expect(a.episodes).toBe(50);
    expect(a.successRate).toEqual(b.successRate);
    // Success alone saturates on this map; return and length pin the same draws too (slip, seed, node ids).
    expect(a.meanReturn).toEqual(b.meanReturn);
    expect(a.meanLength).toEqual(b.meanLength);
  }, 60_000);
});
