/** The shopping task's action language: `search[query]`, `click[item or button]`, `choose[option=value]`, `back`, `buy`. */

/** An action, read. */
export type ShoppingAction =
  | { verb: "search"; query: string }
  | { verb: "click"; target: string }
  | { verb: "choose"; option: string; value: string }
  | { verb: "back" }
  | { verb: "buy" };

/** The buttons `click[...]` may name besides a product id, as pages show them. */
export const buttons = { backToSearch: "Back to Search", next: "Next >", prev: "< Prev", buyNow: "Buy Now" } as const;

const bracketed = /^(search|click|choose)\s*\[(.*)\]$/is;

/**
 * Reads one action in its canonical or a loose spelling (any case, spaces around the brackets);
 * `click[Buy Now]` is `buy`. Returns why when the text is not an action.
 */
export function readAction(text: string): ShoppingAction | { error: string } {
  const trimmed = text.trim();
  const bare = trimmed.toLowerCase();
  if (bare === "back") return { verb: "back" };
  if (bare === "buy" || bare === "buy now") return { verb: "buy" };
  const match = bracketed.exec(trimmed);
  if (!match) return { error: `"${brief(trimmed)}" is not an action: use search[query], click[item or button], choose[option=value], back or buy` };
  const verb = match[1]!.toLowerCase();
  const argument = match[2]!.trim().replace(/\s+/g, " ");
  if (verb === "search") {
    return argument.length === 0 ? { error: "search[] needs a query, e.g. search[red cotton shirt]" } : { verb: "search", query: argument.toLowerCase() };
  }
  if (verb === "click") {
    if (argument.length === 0) return { error: "click[] needs a product id or a button" };
    const button = Object.values(buttons).find((b) => b.toLowerCase() === argument.toLowerCase());
    if (button === buttons.buyNow) return { verb: "buy" };
    return { verb: "click", target: button ?? argument.toUpperCase() };
  }
  const equals = argument.indexOf("=");
  if (equals <= 0 || equals === argument.length - 1) return { error: `choose[${brief(argument)}] needs option=value, e.g. choose[size=medium]` };
  return { verb: "choose", option: argument.slice(0, equals).trim().toLowerCase(), value: argument.slice(equals + 1).trim().toLowerCase() };
}

/** The canonical text of an action: what the environment proposes, lists and records. */
export function formatAction(action: ShoppingAction): string {
  switch (action.verb) {
    case "search":
      return `search[${action.query}]`;
    case "click":
      return `click[${action.target}]`;
    case "choose":
      return `choose[${action.option}=${action.value}]`;
    case "back":
    case "buy":
      return action.verb;
  }
}

/** The first action an answer names: a whole line that is one, else the first `verb[...]` in the text, else a line that is `back` or `buy`. */
export function findAction(answer: string): ShoppingAction | { error: string } {
  const lines = answer.split("\n").map((line) => line.replace(/^\s*(action\s*[:=]\s*)?[*`"']*|[*`"'.]*\s*$/gi, ""));
  for (const line of lines) {
    const read = readAction(line);
    if (!("error" in read)) return read;
  }
  const embedded = /\b(search|click|choose)\s*\[[^\]\n]*\]/i.exec(answer);
  if (embedded) return readAction(embedded[0]);
  const word = /\b(buy|back)\b/i.exec(answer);
  if (word) return readAction(word[1]!);
  return { error: "names no action: answer with one of search[query], click[item or button], choose[option=value], back, buy" };
}

function brief(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
