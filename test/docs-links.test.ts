import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { describe, expect, it } from "vitest";

/** The README and every page under docs/: the documents the app's Help menu and the repository show. */
const documents = ["README.md", ...readdirSync("docs").filter((name) => name.endsWith(".md")).map((name) => join("docs", name))];

/** The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens; a repeated one gets -1, -2 … */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  let fenced = false;
  for (const line of markdown.split("\n")) {
    if (line.startsWith("```")) fenced = !fenced;
    const heading = fenced ? null : /^#{1,6} (.+)$/.exec(line);
    if (!heading) continue;
    const base = heading[1]!.trim().toLowerCase().replace(/[^\p{L}\p{N}\- _]/gu, "").replace(/ /g, "-");
    let anchor = base;
    for (let n = 1; anchors.has(anchor); n++) anchor = `${base}-${n}`;
    anchors.add(anchor);
  }
  return anchors;
}

/** Every relative link of a document (no scheme), with the line it is on. */
function relativeLinks(markdown: string): { target: string; line: number }[] {
  return markdown.split("\n").flatMap((text, index) =>
    [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => ({ target: match[1]!, line: index + 1 })).filter(({ target }) => !/^[a-z]+:/i.test(target)),
  );
}

/** Tables (outside code) whose first row is not followed by a separator row: Markdown shows them as text, e.g. rows after a blank line inside a table. */
function tablesWithoutHeader(markdown: string): number[] {
  const lines = markdown.split("\n");
  let fenced = false;
  return lines.flatMap((line, index) => {
    if (line.startsWith("```")) fenced = !fenced;
    const starts = !fenced && line.startsWith("|") && !lines[index - 1]?.startsWith("|");
    return starts && !/^\|( *:?-+:? *\|)+ *$/.test(lines[index + 1] ?? "") ? [index + 1] : [];
  });
}

/** What is wrong with a link from `document`, or undefined. */
function brokenLink(document: string, target: string): string | undefined {
  const [path = "", anchor] = target.split("#");
  const file = path === "" ? document : normalize(join(dirname(document), path));
  if (!existsSync(file)) return `no file ${file}`;
  if (anchor === undefined || !file.endsWith(".md")) return undefined;
  return anchorsOf(readFileSync(file, "utf8")).has(anchor) ? undefined : `no heading with the anchor #${anchor} in ${file}`;
}

describe("the documentation's links and tables", () => {
  it("gives headings the anchors GitHub gives them", () => {
    expect([...anchorsOf("# Parallel episodes (`--workers`)\n## Speed\n```\n# not a heading\n```\n## Speed\n")]).toEqual(["parallel-episodes---workers", "speed", "speed-1"]);
  });

  it("finds a broken file and a broken anchor", () => {
    expect(brokenLink("README.md", "docs/no-such-page.md")).toBe("no file docs/no-such-page.md");
    expect(brokenLink("README.md", "#no-such-section")).toBe("no heading with the anchor #no-such-section in README.md");
    expect(brokenLink("docs/performance.md", "../README.md#benchmarks")).toBeUndefined();
  });

  it("finds a table cut in two by a blank line", () => {
    expect(tablesWithoutHeader("| a | b |\n| --- | --- |\n| 1 | 2 |\n\n| 3 | 4 |\n```\n| code |\n```\n")).toEqual([5]);
  });

  it.each(documents)("%s: every table has its header row", (document) => {
    expect(tablesWithoutHeader(readFileSync(document, "utf8")).map((line) => `${document}:${line}`)).toEqual([]);
  });

  it.each(documents)("%s: every relative link reaches a file and, where it names one, a heading", (document) => {
    const broken = relativeLinks(readFileSync(document, "utf8")).flatMap(({ target, line }) => {
      const problem = brokenLink(document, target);
      return problem ? [`${document}:${line}: (${target}) ${problem}`] : [];
    });
    expect(broken).toEqual([]);
  });
});
