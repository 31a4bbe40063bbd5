import { readFileSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { chromium as playwright } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { foresight, tempDir } from "./fixtures/foresight-process.js";
import { CHROMIUM, chromium, needs } from "./fixtures/requirements.js";

const ONNX_MODEL = 'rollout.model={"done":"done","encoding":"flat","hazard":"hazard","input":"state_action","kind":"onnx","nextState":"next_state","path":"../assets/models/pointmass-dynamics.onnx","reward":"reward"}';
const out = tempDir("report-set");

function run(...sets: string[]): string {
  const before = new Set(readdirSync(out));
  const result = foresight("run", "examples/pointmass-rawmpc.foresight.json", "-n", "2", "-q", "--trace", "off", "--out", out, ...sets.flatMap((set) => ["--set", set]));
  expect(result.code, result.stderr).toBe(0);
  return join(out, readdirSync(out).find((name) => !before.has(name))!);
}

let method: string;
let baseline: string;
beforeAll(() => {
  method = run(ONNX_MODEL, 'dataset.formats=["jsonl","parquet"]');
  baseline = run('rollout.model={"kind":"simulator"}');
}, 60_000);

/** The summary table's extent and the most lines a row label's and a figure's text take (the distinct tops of its text's boxes: a cell's own box is as tall as its row). */
const LAYOUT = `(() => {
  const table = document.querySelector(".summary table");
  const lines = (cell) => {
    const range = document.createRange();
    range.selectNodeContents(cell);
    return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
  };
  const tallest = (selector) => Math.max(...[...table.querySelectorAll(selector)].map(lines));
  return { page: document.documentElement.scrollWidth, table: table.getBoundingClientRect().right, body: document.body.getBoundingClientRect().right, labelLines: tallest("tbody th"), figureLines: tallest("td.num") };
})()`;

describe("a report whose --set holds a JSON object", () => {
  // The --set row ran the page 1514 px wide at 1280, cutting the baseline and difference columns, its labels one word a line.
  it("keeps the summary within the page: long --set values wrap, row labels and figures stay on one line", { ...needs(chromium()), timeout: 30_000 }, async () => {
    const file = join(out, "report.html");
    expect(foresight("report", method, "--baseline", baseline, "--out", file).code).toBe(0);
    const browser = await playwright.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu"] });
    try {
      for (const [width, height] of [[1280, 720], [1440, 900]] as const) {
        const page = await browser.newPage({ viewport: { width, height } });
        await page.goto(`file://${file}`);
        // In the page (a string: these tests compile without the DOM's types).
        const layout = (await page.evaluate(LAYOUT)) as { page: number; table: number; body: number; labelLines: number; figureLines: number };
        expect(layout.page, `at ${width}`).toBeLessThanOrEqual(width);
        expect(layout.table).toBeLessThanOrEqual(layout.body);
        expect(layout.labelLines).toBe(1);
        expect(layout.figureLines).toBe(1);
        await page.close();
      }
    } finally {
      await browser.close();
    }
  });

  it("of a run killed before its summary still has its --set row, from the trace's run.start", () => {
    const killed = run(ONNX_MODEL);
    rmSync(join(killed, "summary.json"));
    const file = join(out, "killed.html");
    expect(foresight("report", killed, "--out", file).code).toBe(0);
    const html = readFileSync(file, "utf8");
    expect(html).toContain("has no summary.json: it was killed.");
    expect(html).toMatch(/<tr><th>--set<\/th><td class="set">rollout\.model=\{&quot;done&quot;/);
  });
});
