/**
 * Whether `text` is a proper beginning of some JSON document: not JSON itself, but nothing in it is
 * wrong, it only stops early ({"a":"b" or [1, or "unfinished). A reply whose body is one was cut
 * off in transit; a body with a wrong character anywhere is the server's fault instead. Read by
 * scanning, not from JSON.parse's message: engines word (and place) their errors differently.
 */
export function isUnfinishedJson(text: string): boolean {
  const stack: ("object" | "array")[] = [];
  // What may come next: a value, an object's key, the colon after a key, or (after a value) a comma or a closer.
  type Next = "value" | "key-or-close" | "key" | "colon" | "value-or-close" | "after-value";
  let expect = "value" as Next;
  let at = 0;
  while (at < text.length) {
    const char = text[at]!;
    if (/\s/.test(char)) {
      at++;
      continue;
    }
    if (expect === "after-value") {
      const inside = stack.at(-1);
      if (inside === undefined) return false; // a whole document followed by more text
      if (char === ",") expect = inside === "object" ? "key" : "value";
      else if ((char === "}" && inside === "object") || (char === "]" && inside === "array")) stack.pop();
      else return false;
      at++;
      continue;
    }
    if (expect === "colon") {
      if (char !== ":") return false;
      expect = "value";
      at++;
      continue;
    }
    if ((expect === "key-or-close" && char === "}") || (expect === "value-or-close" && char === "]")) {
      stack.pop();
      expect = "after-value";
      at++;
      continue;
    }
    if (expect === "key" || expect === "key-or-close") {
      if (char !== '"') return false;
      const end = stringEnd(text, at);
      if (end === "bad") return false;
      if (end === "open") return true;
      expect = "colon";
      at = end;
      continue;
    }
    // A value.
    if (char === "{" || char === "[") {
      stack.push(char === "{" ? "object" : "array");
      expect = char === "{" ? "key-or-close" : "value-or-close";
      at++;
      continue;
    }
    if (char === '"') {
      const end = stringEnd(text, at);
      if (end === "bad") return false;
      if (end === "open") return true;
      at = end;
      expect = "after-value";
      continue;
    }
    const rest = text.slice(at);
    const literal = ["true", "false", "null"].find((word) => rest.startsWith(word) || word.startsWith(rest));
    if (literal !== undefined) {
      if (!rest.startsWith(literal)) return true; // "tru" at the very end
      at += literal.length;
      expect = "after-value";
      continue;
    }
    // The text ends within a number: unfinished unless it is a whole document ("12" could go on as "123", but "12" alone is JSON).
    if (/^-?$|^-?(?:0|[1-9]\d*)(?:\.\d*)?$|^-?(?:0|[1-9]\d*)(?:\.\d+)?[eE][+-]?\d*$/.test(rest)) return stack.length > 0 || !/^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/.test(rest);
    const number = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(rest)?.[0];
    if (number === undefined) return false;
    at += number.length;
    expect = "after-value";
  }
  // The text ran out: unfinished unless it held one whole document.
  return !(expect === "after-value" && stack.length === 0);
}

/** The index past the string starting at `at`, "open" where the text ends inside it, "bad" at a character JSON forbids there. */
function stringEnd(text: string, at: number): number | "open" | "bad" {
  for (let i = at + 1; i < text.length; i++) {
    const char = text[i]!;
    if (char === '"') return i + 1;
    if (char < " ") return "bad";
    if (char === "\\") {
      const escape = text.slice(i + 1, i + 6);
      if (escape.length === 0) return "open";
      if ('"\\/bfnrt'.includes(escape[0]!)) i++;
      else if (escape[0] === "u") {
        const hex = escape.slice(1);
        if (!/^[0-9a-fA-F]*$/.test(hex)) return "bad";
        if (hex.length < 4) return "open";
        i += 5;
      } else return "bad";
    }
  }
  return "open";
}
