import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { chromium as playwright } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { foresight, tempDir } from "./fixtures/foresight-process.js";
import { CHROMIUM, chromium, needs } from "./fixtures/requirements.js";

let report: string;
beforeAll(() => {
  const out = tempDir("report-dark");
  // Over a thousand steps, so the step count and the Cost table's calls both need a thousands separator.
  const run = foresight("run", "examples/gridworld-policy-only.foresight.json", "-n", "200", "--trace", "off", "-q", "--out", out);
  expect(run.code, run.stderr).toBe(0);
  const runDir = join(out, readdirSync(out)[0]!);
  report = join(out, "report.html");
  expect(foresight("report", runDir, "--out", report).code).toBe(0);
}, 60_000);

describe("the report's figures and colours", () => {
  it("writes the Cost table's calls with thousands separators, as the step count above it", () => {
    const html = readFileSync(report, "utf8");
    const steps = html.match(/<p>([\d,]+) steps in /)![1]!;
    expect(Number(steps.replaceAll(",", ""))).toBeGreaterThan(999);
    expect(steps).toContain(",");
    expect(html).toContain(`<tr><td>environment</td><td class="num">${steps}</td>`);
  });

  it("draws its curves and pipeline on the page's own background in a dark colour scheme, with light text", needs(chromium()), async () => {
    const browser = await playwright.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu"] });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 720 }, colorScheme: "dark" });
      await page.goto(`file://${report}`);
      // In the page (a string: these tests compile without the DOM's types).
      const drawings = (await page.evaluate(`[...document.querySelectorAll("svg")].map((svg) => ({
        background: getComputedStyle(svg).backgroundColor,
        text: getComputedStyle(svg.querySelector("text")).fill,
        box: svg.querySelector("rect") ? getComputedStyle(svg.querySelector("rect")).fill : undefined,
      }))`)) as { background: string; text: string; box: string | undefined }[];
      expect(drawings.length).toBeGreaterThanOrEqual(3);
      const light = (colour: string) => colour.match(/\d+/g)!.slice(0, 3).every((c) => Number(c) > 180);
      const dark = (colour: string) => colour.match(/\d+/g)!.slice(0, 3).every((c) => Number(c) < 60);
      for (const drawing of drawings) {
        expect(drawing.background).toBe("rgba(0, 0, 0, 0)");
        expect(light(drawing.text), drawing.text).toBe(true);
        if (drawing.box) expect(dark(drawing.box), drawing.box).toBe(true);
      }
      // Printed, the page is light whatever the screen's scheme.
      await page.emulateMedia({ media: "print" });
      expect(await page.evaluate("getComputedStyle(document.body).backgroundColor")).toBe("rgb(255, 255, 255)");
    } finally {
      await browser.close();
    }
  });
});
