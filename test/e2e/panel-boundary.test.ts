import { resolve } from "node:path";
import { build } from "rolldown";
import { describe, expect, it } from "vitest";
import { chromium, needs } from "../fixtures/requirements.js";
import { editorForFile } from "./editor-harness.js";

const editor = editorForFile();

/** Where the page's module "is" (it is never written): its imports resolve from there. */
const PAGE_MODULE = resolve("test/e2e/panel-boundary-page.tsx");

/**
 * A page with one panel that fails as the Dashboard did (null.toFixed) until told not to, inside a
 * PanelBoundary, beside the rest of an "editor". Kept here as text, not as a file: the tests' tsconfig has no JSX nor DOM.
 */
const PAGE_SOURCE = `
import { useState } from "react";
import { createRoot } from "react-dom/client";
import { PanelBoundary } from "../../renderer/app/PanelBoundary.js";

window.panelFails = true;

function FailingPanel() {
  const last = null;
  return <p>last {window.panelFails ? last.toFixed(2) : "0.50"}</p>;
}

function Editor() {
  const [edits, setEdits] = useState(0);
  return (
    <>
      <PanelBoundary panel="Dashboard"><FailingPanel /></PanelBoundary>
      <button type="button" onClick={() => setEdits(edits + 1)}>Edit {edits}</button>
    </>
  );
}

createRoot(document.getElementById("root")).render(<Editor />);
`;

/** The page, bundled with React as the editor runs it. */
async function boundaryPage(): Promise<string> {
  const bundle = await build({
    input: PAGE_MODULE,
    write: false,
    logLevel: "silent",
    plugins: [{ name: "page-source", resolveId: (id) => (id === PAGE_MODULE ? id : null), load: (id) => (id === PAGE_MODULE ? PAGE_SOURCE : null) }],
    output: { format: "iife" },
    transform: { jsx: "react-jsx", define: { "process.env.NODE_ENV": '"production"' } },
  });
  return `<!doctype html><div id="root"></div><script>${bundle.output[0].code.replaceAll("</script", "<\\/script")}</script>`;
}

describe("a panel that fails to render", needs(chromium()), () => {
  it("says so with the error and a Reload panel button inside the panel, and leaves the rest of the page working", async () => {
    const context = await editor.browser.newContext({ colorScheme: "light" });
    try {
      const page = await context.newPage();
      await page.setContent(await boundaryPage());
      const failure = page.getByRole("alert");
      await expect.poll(() => failure.textContent()).toBe("The Dashboard panel failed (the rest of the editor still works): Cannot read properties of null (reading 'toFixed')Reload panel");
      // The rest of the page still answers.
      await page.getByRole("button", { name: "Edit 0" }).click();
      await page.getByRole("button", { name: "Edit 1" }).waitFor();
      // Once the cause is gone, Reload panel draws the panel again.
      await page.evaluate("window.panelFails = false");
      await failure.getByRole("button", { name: "Reload panel" }).click();
      await expect.poll(() => page.getByText("last 0.50").count()).toBe(1);
      expect(await failure.count()).toBe(0);
    } finally {
      await context.close();
    }
  }, 60_000);
});
