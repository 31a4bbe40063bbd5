/**
 * filtrex's syntax errors in one line a user can act on. filtrex (jison) reports a parse error as
 * "Parse error on line 1:\n<expression>\n-----^\nExpecting 'Number', …, got 'Symbol'": the caret
 * line lines up only in a fixed-width font, and the token names are the grammar's.
 */
export function readableSyntaxError(expression: string, message: string): string {
  const lines = message.split("\n");
  const caret = lines.findIndex((line) => /^-*\^$/.test(line));
  if (caret < 0) return message.replace(/\s+/g, " ");
  const at = lines[caret]!.length - 1;
  const before = expression.slice(0, at).trimEnd();
  const next = expression.slice(at).trimStart().split(/\s/)[0];
  const where = before ? ` after "${before}"` : " at the start";
  if (message.startsWith("Lexical error")) return `"${next}"${where} is not part of an expression`;
  const parsed = /^Expecting (.*), got '(.*)'$/.exec(lines[caret + 1] ?? "");
  if (!parsed) return message.replace(/\s+/g, " ");
  const expected = new Set([...parsed[1]!.matchAll(/'([^']*)'/g)].map((match) => match[1]!));
  const found = parsed[2] === "EndOfExpression" ? "it ends" : `"${next}" comes`;
  return `${found}${where}, where ${expectedWords(expected, before)} was expected`;
}

/** What the grammar expected, in a user's words: a value, or what may follow one. */
function expectedWords(expected: ReadonlySet<string>, before: string): string {
  if (expected.has("Number")) return `a value (a number, a column name, or "(")`;
  const opened = (before.match(/\(/g)?.length ?? 0) > (before.match(/\)/g)?.length ?? 0);
  const words = ["an operator (+ - * / and or …)", ...(opened && expected.has(")") ? ['")"'] : []), ...(expected.has("EndOfExpression") ? ["the end"] : [])];
  return words.length === 1 ? words[0]! : `${words.slice(0, -1).join(", ")} or ${words.at(-1)}`;
}
