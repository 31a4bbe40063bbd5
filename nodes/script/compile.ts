import { Script } from "node:vm";
import { lazyModule } from "../../runtime/lazy-module.js";
import { columnMap, type ColumnMap } from "./column-map.js";

/** Only pipelines with a Script node need the compiler. */
const sucrase = lazyModule<typeof import("sucrase")>("sucrase");

/** A script's TypeScript as JavaScript (with where its columns were in the TypeScript), or where and why it cannot run. */
export type CompiledScript = { ok: true; js: string; columns: ColumnMap } | { ok: false; line: number; problem: string };

const OPTIONS = { transforms: ["typescript" as const], disableESTransforms: true };

/**
 * Strips the types (sucrase: no type checking, line numbers kept, so errors from the sandbox name
 * the user's lines). Type errors are the editor's to show; here what keeps the script from loading:
 * syntax, module syntax (sucrase drops an import nothing uses, as TypeScript does, so a script with
 * one would otherwise run as if it were not there), and a missing or async `run`.
 */
export function compileScript(code: string): CompiledScript {
  let transformed: ReturnType<ReturnType<typeof sucrase>["transform"]>;
  try {
    transformed = sucrase().transform(code, { ...OPTIONS, filePath: "script.ts", sourceMapOptions: { compiledFilename: "script.js" } });
  } catch (error) {
    const loc = (error as { loc?: { line?: number; column?: number } }).loc;
    const line = loc?.line ?? 1;
    // Sucrase's column is 1-based already; its message repeats the place, and names the file as given.
    const message = (error as Error).message.replace(/^Error transforming script\.ts: /, "").replace(/\s*\(\d+:\d+\)$/, "");
    return { ok: false, line, problem: `syntax error at ${where(line, loc?.column)}: ${message}` };
  }
  const js = transformed.code;
  const columns = columnMap(transformed.sourceMap!.mappings);
  const tokens = tokenRows(code);
  const moduleSyntax = tokens.find((token) => token.label === "import" || token.label === "export");
  if (moduleSyntax?.label === "import") {
    return { ok: false, line: moduleSyntax.line, problem: `line ${moduleSyntax.line}: a script cannot import: it runs with no module loader; put the code it needs in the script itself` };
  }
  if (moduleSyntax?.label === "export") {
    return { ok: false, line: moduleSyntax.line, problem: `line ${moduleSyntax.line}: a script has no exports: define function run at the top level, without export` };
  }
  // Sucrase is lenient (`await` in a plain function or at the top level); V8 parses what QuickJS will as
  // QuickJS does. After module syntax, which V8 would report as a bare syntax error.
  const syntax = plainScriptSyntaxError(js, columns);
  if (syntax) return syntax;
  const run = tokens.findIndex((token) => token.topLevelRun);
  if (run < 0) {
    return { ok: false, line: 1, problem: "the script defines no top-level run: write function run(inputs) { … return { … } } (or const run = …)" };
  }
  if (isAsync(tokens, run)) {
    const { line, column } = tokens[run]!;
    return { ok: false, line, problem: `${where(line, column)}: run is async, but must be synchronous: the sandbox has no event loop to settle its Promise` };
  }
  return { ok: true, js, columns };
}

function where(line: number, column: number | undefined): string {
  return column === undefined ? `line ${line}` : `line ${line}, column ${column}`;
}

/** V8's complaint about `js` parsed as a classic script, never run (its SyntaxError's stack shows the line and a caret under the column). */
function plainScriptSyntaxError(js: string, columns: ColumnMap): CompiledScript | undefined {
  try {
    new Script(js, { filename: "script" });
    return undefined;
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    const [at, , caret] = (error.stack ?? "").split("\n");
    const line = Number(/^script:(\d+)$/.exec(at ?? "")?.[1] ?? 1);
    const caretAt = caret?.indexOf("^") ?? -1;
    const column = caretAt >= 0 ? columns(line, caretAt + 1) : undefined;
    return { ok: false, line, problem: `syntax error at ${where(line, column)}: ${error.message}` };
  }
}

/** One token of sucrase's, as far as needed here: where it is, its label (keywords are labelled by name), its text. */
interface TokenRow {
  line: number;
  column: number;
  label: string;
  raw: string;
  /** A declaration of `run` in the script's own scope (`function run`, `const run`, `const { run }`). */
  topLevelRun: boolean;
}

/** Sucrase's own tokens (strings and comments are one token or none, so a keyword spelled inside them does not count). */
function tokenRows(code: string): TokenRow[] {
  // One token a line after a header: "<line>:<col>-<line>:<col> <label> <raw> <contextualKeyword> <scopeDepth> <isType> <identifierRole> …".
  const rows = sucrase().getFormattedTokens(code, OPTIONS).split("\n").slice(1);
  return rows.flatMap((row) => {
    const token = /^(\d+):(\d+)-\S+\s+(\S+)\s+(\S*)/.exec(row);
    if (!token) return [];
    // Role 2 is TopLevelDeclaration, 5 ObjectShorthandTopLevelDeclaration; scope depth 0 is the script's own.
    const topLevelRun = /^\S+\s+name\s+run\s+\d+\s+0\s+[25]\s/.test(row);
    return [{ line: Number(token[1]), column: Number(token[2]), label: token[3]!, raw: token[4]!, topLevelRun }];
  });
}

/** `async function run` or `const run = async …`. */
function isAsync(tokens: TokenRow[], run: number): boolean {
  const before = tokens[run - 1];
  if (before?.label === "function") return tokens[run - 2]?.raw === "async" && tokens[run - 2]?.label === "name";
  return tokens[run + 1]?.label === "=" && tokens[run + 2]?.label === "name" && tokens[run + 2]?.raw === "async";
}

/** What keeps `code` from running, as a user reads it, or undefined when it compiles. */
export function scriptCodeProblem(code: string): string | undefined {
  const compiled = compileScript(code);
  return compiled.ok ? undefined : compiled.problem;
}
