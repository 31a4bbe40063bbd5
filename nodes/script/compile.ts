import { lazyModule } from "../../runtime/lazy-module.js";

/** Only pipelines with a Script node need the compiler. */
const sucrase = lazyModule<typeof import("sucrase")>("sucrase");

/** A script's TypeScript as JavaScript, or where and why it cannot run. */
export type CompiledScript = { ok: true; js: string } | { ok: false; line: number; problem: string };

const OPTIONS = { transforms: ["typescript" as const], disableESTransforms: true };

/**
 * Strips the types (sucrase: no type checking, line numbers kept, so errors from the sandbox name
 * the user's lines). Type errors are the editor's to show; here only syntax can fail, and module
 * syntax: sucrase drops an import nothing uses (as TypeScript does), so a script with one would
 * otherwise run as if it were not there.
 */
export function compileScript(code: string): CompiledScript {
  let js: string;
  try {
    js = sucrase().transform(code, OPTIONS).code;
  } catch (error) {
    const line = (error as { loc?: { line?: number } }).loc?.line ?? 1;
    const message = (error as Error).message.replace(/\s*\(\d+:\d+\)$/, "");
    return { ok: false, line, problem: `syntax error at line ${line}: ${message}` };
  }
  const moduleSyntax = firstModuleKeyword(code);
  if (moduleSyntax?.keyword === "import") {
    return { ok: false, line: moduleSyntax.line, problem: `line ${moduleSyntax.line}: a script cannot import: it runs with no module loader; put the code it needs in the script itself` };
  }
  if (moduleSyntax?.keyword === "export") {
    return { ok: false, line: moduleSyntax.line, problem: `line ${moduleSyntax.line}: a script has no exports: define function run at the top level, without export` };
  }
  return { ok: true, js };
}

/** The first `import` or `export` keyword (not a property or name spelled so), from sucrase's own tokens. */
function firstModuleKeyword(code: string): { keyword: "import" | "export"; line: number } | undefined {
  if (!/\b(import|export)\b/.test(code)) return undefined;
  // One token a line: "<line>:<col>-<line>:<col> <label> <raw> …"; keywords are labelled by name.
  const token = /^(\d+):\d+-\S+\s+(import|export)\s/m.exec(sucrase().getFormattedTokens(code, OPTIONS));
  return token ? { keyword: token[2] as "import" | "export", line: Number(token[1]) } : undefined;
}

/** What keeps `code` from running, as a user reads it, or undefined when it compiles. */
export function scriptCodeProblem(code: string): string | undefined {
  const compiled = compileScript(code);
  return compiled.ok ? undefined : compiled.problem;
}
