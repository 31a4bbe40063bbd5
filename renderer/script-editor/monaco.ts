// Monaco, only as much as a Script node and a prompt template need: the editor core, TypeScript (syntax + language
// service) and its two workers, all bundled by Vite (no CDN). Imported lazily by ScriptCodeEditor,
// so the editor's first paint never waits for it.
import * as monaco from "monaco-editor/esm/vs/editor/editor.api.js";
import "monaco-editor/esm/vs/basic-languages/typescript/typescript.contribution.js";
import * as typescriptContribution from "monaco-editor/esm/vs/language/typescript/monaco.contribution.js";
// Same-origin module workers emitted as files (no blob: or eval), so a strict CSP allows them.
import EditorWorker from "monaco-editor/esm/vs/editor/editor.worker.js?worker";
import TypeScriptWorker from "monaco-editor/esm/vs/language/typescript/ts.worker.js?worker";

// The contribution's own .d.ts is empty; its types are the package's `typescript` namespace.
const typescript = typescriptContribution as unknown as (typeof import("monaco-editor"))["typescript"];

self.MonacoEnvironment = {
  getWorker: (_workerId: string, label: string) => (label === "typescript" || label === "javascript" ? new TypeScriptWorker() : new EditorWorker()),
};

// What the QuickJS sandbox offers: ES2023 (less what SANDBOX_ABSENT_GLOBALS lists, marked by absent-globals.ts) and the
// console of scriptDeclarations; no DOM, Node or timers; a script, not a module.
typescript.typescriptDefaults.setCompilerOptions({
  target: typescript.ScriptTarget.ES2020,
  lib: ["es2023"],
  strict: true,
  noEmit: true,
  allowNonTsExtensions: true,
});
typescript.typescriptDefaults.setDiagnosticsOptions({ noSemanticValidation: false, noSyntaxValidation: false });
// Keep the types worker on the declarations from the start, not after the first keystroke.
typescript.typescriptDefaults.setEagerModelSync(true);

// Monaco's own themes, on the app's panel colours (styles.css), so the editor sits in the inspector without a seam.
// `placeholder`: a prompt template's {{name}} (../prompt-editor/prompt-language.ts).
monaco.editor.defineTheme("foresight-light", { base: "vs", inherit: true, rules: [{ token: "placeholder", foreground: "0b6e99", fontStyle: "bold" }], colors: { "editor.background": "#ffffff" } });
monaco.editor.defineTheme("foresight-dark", { base: "vs-dark", inherit: true, rules: [{ token: "placeholder", foreground: "4fc1ff", fontStyle: "bold" }], colors: { "editor.background": "#1c2027", "editorGutter.background": "#1c2027" } });

/**
 * Where editors put their suggestion, hover and parameter widgets: a node of the page's body, since
 * the panels the editors sit in are `contain: strict` (styles.css), which would clip those widgets and
 * make their fixed positions relative to the panel. Its class gives it Monaco's styles.
 */
export function overflowWidgetsNode(): HTMLElement {
  let node = document.querySelector<HTMLElement>("body > .monaco-overflow-widgets");
  if (!node) {
    node = document.createElement("div");
    node.className = "monaco-editor monaco-overflow-widgets";
    document.body.append(node);
  }
  return node;
}

export { monaco, typescript };
