import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { shortcutMarkdown } from "../renderer/app/shortcut-markdown.js";

const START = "<!-- shortcuts: made from renderer/app/shortcuts.ts; UPDATE_README=1 npx vitest run test/shortcut-readme.test.ts rewrites it -->";
const END = "<!-- /shortcuts -->";

describe("the README's shortcut list", () => {
  it("is the table the `?` list and the key handlers read", () => {
    const readme = readFileSync("README.md", "utf8");
    const start = readme.indexOf(START);
    const end = readme.indexOf(END);
    expect(start, "README.md lacks the shortcut section's start marker").toBeGreaterThan(0);
    const wanted = `${START}\n\n${shortcutMarkdown()}\n\n`;
    if (process.env["UPDATE_README"]) writeFileSync("README.md", readme.slice(0, start) + wanted + readme.slice(end));
    else expect(readme.slice(start, end)).toBe(wanted);
  });
});
