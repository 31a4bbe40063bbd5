/** The names a score expression uses: the columns it reads from a row and the functions it calls. */
export interface ScoreNames {
  columns: string[];
  functions: string[];
}

/** The functions filtrex offers (its compileExpression's list); the executor passes no extra ones. */
export const scoreFunctions: readonly string[] = ["abs", "ceil", "floor", "log", "log2", "log10", "max", "min", "round", "sqrt", "exists", "empty"];

// filtrex's lexical rules, in its order (node_modules/filtrex/src/generateParser.mjs): a keyword is one
// only when a non-word character follows it, symbols may hold dots ("a.b" is one name), 'quoted symbols'
// may hold anything.
const token =
  /\s+|[0-9]+(?:\.[0-9]+)?|(?:not\s+in|and|or|not|in|of|if|then|else|mod)(?=[^\w])|([a-zA-Z$_][.a-zA-Z0-9$_]*)|'((?:\\'|\\\\|[^'\\])*)'|"(?:\\"|\\\\|[^"\\])*"|==|!=|~=|>=|<=|[-+*/^(),<>%?:]/y;

/**
 * The columns and functions a score expression names, each once, in order of first use. A symbol
 * followed by "(" is a call; one followed by "of" is a property of what comes after, not a column.
 * Only meaningful for an expression that compiles (`scoreSyntaxError` says whether it does).
 */
export function scoreNames(expression: string): ScoreNames {
  const symbols: { name: string; end: number }[] = [];
  token.lastIndex = 0;
  while (token.lastIndex < expression.length) {
    const start = token.lastIndex;
    const match = token.exec(expression);
    if (!match) break;
    if (match[1] !== undefined) symbols.push({ name: match[1], end: token.lastIndex });
    else if (match[2] !== undefined) symbols.push({ name: match[2].replace(/\\(['\\])/g, "$1"), end: token.lastIndex });
    if (token.lastIndex === start) break;
  }
  const columns = new Set<string>();
  const functions = new Set<string>();
  for (const symbol of symbols) {
    const rest = expression.slice(symbol.end);
    if (/^\s*\(/.test(rest)) functions.add(symbol.name);
    else if (!/^\s*of[^\w]/.test(rest)) columns.add(symbol.name);
  }
  return { columns: [...columns], functions: [...functions] };
}
