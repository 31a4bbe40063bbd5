import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

/**
 * The editor's text on filled backgrounds (a primary button, an error badge), computed from the theme variables of
 * renderer/styles.css in both themes: WCAG's 4.5:1 for text. White on the dark theme's light accent was 2.56:1.
 */
const css = readFileSync(new URL("../renderer/styles.css", import.meta.url), "utf8").replace(/\/\*[\s\S]*?\*\//g, "");

/** Every rule with no rule inside it: its selector, the @media (or other at-rule) it sits in, and its declarations. */
function rules(): { selector: string; media: string; declarations: Map<string, string> }[] {
  const found = [];
  const open: string[] = [];
  let text = "";
  for (const char of css) {
    if (char === "{") {
      open.push(text.trim());
      text = "";
    } else if (char === "}") {
      const selector = open.pop() ?? "";
      if (text.includes(":")) {
        const declarations = new Map<string, string>();
        for (const declaration of text.split(";")) {
          const colon = declaration.indexOf(":");
          if (colon > 0) declarations.set(declaration.slice(0, colon).trim(), declaration.slice(colon + 1).trim());
        }
        found.push({ selector, media: open.join(" "), declarations });
      }
      text = "";
    } else text += char;
  }
  return found;
}

function themeVariables(dark: boolean): Map<string, string> {
  const variables = new Map<string, string>();
  for (const rule of rules()) {
    if (rule.selector !== ":root") continue;
    if (rule.media && !(dark && rule.media.includes("prefers-color-scheme: dark"))) continue;
    for (const [name, value] of rule.declarations) if (name.startsWith("--")) variables.set(name, value);
  }
  return variables;
}

function resolve(value: string, variables: Map<string, string>): string {
  const used = /^var\((--[\w-]+)\)$/.exec(value);
  return used ? resolve(variables.get(used[1]!) ?? value, variables) : value;
}

function luminance(hex: string): number {
  const digits = hex.slice(1).length === 3 ? [...hex.slice(1)].map((digit) => digit + digit) : hex.slice(1).match(/../g)!;
  const [r, g, b] = digits.map((pair) => parseInt(pair, 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** WCAG 2's contrast ratio of two #rgb / #rrggbb colours. */
function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}

/** The rules that set both a text colour and a filled background, with the pair each theme resolves them to. */
function filledRules(dark: boolean): { selector: string; text: string; background: string }[] {
  const variables = themeVariables(dark);
  return rules()
    .filter((rule) => rule.selector !== ":root" && !rule.media)
    .flatMap((rule) => {
      const color = rule.declarations.get("color");
      const fill = rule.declarations.get("background") ?? rule.declarations.get("background-color");
      if (!color || !fill) return [];
      const [text, background] = [resolve(color, variables), resolve(fill, variables)];
      return /^#[\da-f]{3,6}$/i.test(text) && /^#[\da-f]{3,6}$/i.test(background) ? [{ selector: rule.selector, text, background }] : [];
    });
}

describe("the themes' text on filled backgrounds", () => {
  it("computes contrast as WCAG does", () => {
    expect(contrast("#ffffff", "#000000")).toBeCloseTo(21, 5);
    expect(contrast("#ffffff", "#6ea1ff")).toBeCloseTo(2.56, 2);
  });

  for (const theme of ["light", "dark"] as const)
    it(`gives primary buttons and every other filled rule at least 4.5:1 in the ${theme} theme`, () => {
      const filled = filledRules(theme === "dark");
      expect(filled.map((rule) => rule.selector)).toContain("button.primary");
      for (const { selector, text, background } of filled) expect(contrast(text, background), `${selector}: ${text} on ${background}`).toBeGreaterThanOrEqual(4.5);
    });
});
