import { readFileSync } from "node:fs";
import { join } from "node:path";
import { chromium as playwright } from "playwright-core";
import { describe, expect, it } from "vitest";
import { foresight, tempDir } from "./fixtures/foresight-process.js";
import { CHROMIUM, chromium, needs } from "./fixtures/requirements.js";

/** An A4 page's width in CSS pixels (210 mm) less the report's 12 mm print margins. */
const A4_PRINTABLE_WIDTH = Math.floor(((210 - 24) / 25.4) * 96);

describe("a printed report", () => {
  it("fits the episode table's columns on an A4 page and keeps each heading with what follows it", { ...needs(chromium()), timeout: 60_000 }, async () => {
    // Best-first search: its chosen candidates carry long score names (search_value, search_nodes), the widest table.
    const run = foresight("run", "examples/gridworld-best-first.foresight.json", "-n", "2", "--trace", "steps", "-q", "--json", "--out", tempDir("report-print"));
    expect(run.code, run.stderr).toBe(0);
    const runDir = (JSON.parse(run.stdout) as { runDir: string }).runDir;
    expect(foresight("report", runDir).code).toBe(0);
    expect(readFileSync(join(runDir, "report.html"), "utf8")).toContain("<th>chosen search_<wbr>nodes</th>");
    const browser = await playwright.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu"] });
    try {
      const page = await browser.newPage({ viewport: { width: A4_PRINTABLE_WIDTH, height: 1000 } });
      await page.goto(`file://${join(runDir, "report.html")}`);
      await page.emulateMedia({ media: "print" });
      // In the page (a string: these tests compile without the DOM's types).
      const laidOut = (await page.evaluate(`({
        tableRights: [...document.querySelectorAll("table")].map((table) => table.getBoundingClientRect().right),
        headingBreaks: [...document.querySelectorAll("h2")].map((h) => getComputedStyle(h).breakAfter),
        drawingBreaks: [...document.querySelectorAll("svg")].map((svg) => getComputedStyle(svg).breakInside),
      })`)) as { tableRights: number[]; headingBreaks: string[]; drawingBreaks: string[] };
      for (const right of laidOut.tableRights) expect(right).toBeLessThanOrEqual(A4_PRINTABLE_WIDTH);
      expect(new Set(laidOut.headingBreaks)).toEqual(new Set(["avoid"]));
      expect(new Set(laidOut.drawingBreaks)).toEqual(new Set(["avoid"]));
      // And the PDF a user prints is made without error.
      expect((await page.pdf({ format: "A4" })).subarray(0, 5).toString()).toBe("%PDF-");
    } finally {
      await browser.close();
    }
  });
});
