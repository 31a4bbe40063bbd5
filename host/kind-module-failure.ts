import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { basename, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { packageRoot } from "./package-root.js";

/**
 * Why a node kind module failed to import, told so its author can act: where in their file (file:line and the
 * line with a caret, as `node` prints it), or what to do when foresight is not installed beside it or it is TypeScript.
 */
export function kindModuleFailure(url: string, error: unknown): string {
  if (!(error instanceof Error)) return `it threw ${String(error)}`;
  const code = (error as { code?: unknown }).code;
  if (code === "ERR_UNKNOWN_FILE_EXTENSION") {
    const name = basename(fileURLToPath(url)).replace(/\.[^.]*$/, "");
    return (
      `${error.message}: node kind modules are loaded as JavaScript ES modules (.mjs, or .js in a package whose package.json has "type": "module"), ` +
      `and Node ${process.versions.node} does not run TypeScript. Compile it first: rename it ${name}.mts, run npx tsc ${name}.mts --module nodenext --target es2022 ` +
      `(TypeScript installed: npm install --save-dev typescript) and load ${name}.mjs`
    );
  }
  if (code === "ERR_MODULE_NOT_FOUND" && /Cannot find package 'foresight' /.test(error.message)) {
    return `${error.message} (install foresight in that project: cd ${dirname(fileURLToPath(url))} && npm install ${packageRoot()})`;
  }
  // A SyntaxError thrown as the module ran (JSON.parse of bad text) has its place in its stack, as any thrown error; only a parse or link error needs syntaxErrorPlace.
  const place = thrownPlace(url, error) ?? (error instanceof SyntaxError ? syntaxErrorPlace(url, error) : undefined);
  return `${error.name}: ${error.message}${place ? ` at ${place}` : ""}`;
}

/** The source line and a caret under `column` (1-based), indented under the message. */
const quoted = (lines: readonly string[]) => lines.map((line) => `\n    ${line}`).join("");

/** Where a syntax error is. Node keeps the place of a parse error out of the error object: a child `node` that imports the module again prints it (parsing fails before any module of the graph runs). */
function syntaxErrorPlace(url: string, error: SyntaxError): string | undefined {
  // A link error (an import the imported module does not export) has it at the top of its stack already.
  const inStack = placeHeader(error.stack ?? "");
  if (inStack) return inStack;
  // ELECTRON_RUN_AS_NODE: under Electron (startServer in an app) execPath is the app, which this makes a plain `node`.
  const child = spawnSync(process.execPath, ["--input-type=module", "-e", "await import(process.argv[1])", url], {
    encoding: "utf8",
    timeout: 10_000,
    env: { ...process.env, ELECTRON_RUN_AS_NODE: "1" },
  });
  return placeHeader(child.stderr ?? "");
}

/** `file:///…/kind.mjs:2`, the source line and the caret line, as Node prints them first, read as `/…/kind.mjs:2` and the two lines. */
function placeHeader(printed: string): string | undefined {
  const [first, source, caret] = printed.split("\n");
  const place = /^(file:\/\/\S+):(\d+)$/.exec(first ?? "");
  if (!place || source === undefined || caret === undefined || !/^\s*\^+\s*$/.test(caret)) return undefined;
  return `${fileURLToPath(place[1]!)}:${place[2]}${quoted([source, caret])}`;
}

/** Where an error thrown as the module ran was thrown: its stack's first frame in the module's file, with that line. */
function thrownPlace(url: string, error: Error): string | undefined {
  const file = url.replace(/[?#].*$/, "");
  for (const line of (error.stack ?? "").split("\n")) {
    const frame = /^\s+at (?:.*\()?(file:\/\/[^)]+?):(\d+):(\d+)\)?$/.exec(line);
    if (!frame || frame[1]!.replace(/[?#].*$/, "") !== file) continue;
    const [lineNumber, column] = [Number(frame[2]), Number(frame[3])];
    const path = fileURLToPath(file);
    let source: string | undefined;
    try {
      source = readFileSync(path, "utf8").split(/\r?\n/)[lineNumber - 1];
    } catch {
      source = undefined;
    }
    const shown = source === undefined ? "" : quoted([source, `${" ".repeat(column - 1)}^`]);
    return `${path}:${lineNumber}:${column}${shown}`;
  }
  return undefined;
}
