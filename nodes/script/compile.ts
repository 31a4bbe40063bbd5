import { transform } from "sucrase";

/** A script's TypeScript as JavaScript, or where and why it does not parse. */
export type CompiledScript = { ok: true; js: string } | { ok: false; line: number; message: string };

/**
 * Strips the types (sucrase: no type checking, line numbers kept, so errors from the sandbox name
 * the user's lines). Type errors are the editor's to show; here only syntax can fail.
 */
export function compileScript(code: string): CompiledScript {
  try {
    return { ok: true, js: transform(code, { transforms: ["typescript"], disableESTransforms: true }).code };
  } catch (error) {
    const loc = (error as { loc?: { line?: number } }).loc;
    const message = (error as Error).message.replace(/\s*\(\d+:\d+\)$/, "");
    return { ok: false, line: loc?.line ?? 1, message };
  }
}

/** The syntax error of `code` as a user reads it, or undefined when it parses. */
export function scriptSyntaxError(code: string): string | undefined {
  const compiled = compileScript(code);
  return compiled.ok ? undefined : `syntax error at line ${compiled.line}: ${compiled.message}`;
}
