/**
 * The offsets of `text`'s characters outside JSON string literals, in order: a quote opens a string
 * and the next unescaped quote closes it (the quotes themselves are not yielded). For scanning text
 * that is JSON, or nearly (a --set value list, a reply with NaN in it), for structure.
 */
export function* outsideJsonStrings(text: string): Generator<number> {
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else yield i;
  }
}
