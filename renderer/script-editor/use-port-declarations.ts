import { useEffect } from "react";
import { scriptDeclarations, type ScriptPortSpec } from "../../protocol/script-declarations.js";

type MonacoModule = typeof import("./monaco.js");

/**
 * Each version of the declarations gets a path of its own. The TypeScript worker keeps a file's
 * parse while its version string is unchanged, and Monaco opens a model on a declarations file (to
 * show an error's "declared here"), which the worker then reads instead of the extra lib: one path
 * reused kept the first ports' `Inputs` and `Outputs` after the ports, the node or the file changed.
 */
let declarationsVersion = 0;

/**
 * `Inputs`, `Outputs` and `Foresight.*` for the shown Script node, as an extra lib: replaced whenever
 * the node's declared ports change, removed (with any model Monaco opened on it) when they do or the
 * editor goes.
 */
export function usePortDeclarations(monaco: MonacoModule | null, inputs: ScriptPortSpec[], outputs: ScriptPortSpec[]): void {
  const declarations = scriptDeclarations(inputs, outputs);
  useEffect(() => {
    if (!monaco) return;
    const path = `file:///foresight/ports/${++declarationsVersion}/script-ports.d.ts`;
    const lib = monaco.typescript.typescriptDefaults.addExtraLib(declarations, path);
    return () => {
      lib.dispose();
      monaco.monaco.editor.getModel(monaco.monaco.Uri.parse(path))?.dispose();
    };
  }, [monaco, declarations]);
}
