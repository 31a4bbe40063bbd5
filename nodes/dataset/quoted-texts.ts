/** Texts remembered before the memory is cleared: a run whose texts never repeat keeps at most this many. */
const REMEMBERED_TEXTS = 4096;

import { utf8 } from "./episode-buffer.js";

/**
 * Texts as JSON strings in UTF-8, each distinct text quoted once while it recurs: a preference's prompt is
 * the environment's rendering of its state, which states share (the grid world renders each cell
 * once), and actions are described by a handful of words. A Map hashes a string once (the hash
 * stays with the string), so looking up a recurring text costs less than escaping it again.
 */
export class QuotedTexts {
  private readonly quoted = new Map<string, Uint8Array>();

  of(text: string): Uint8Array {
    let quoted = this.quoted.get(text);
    if (quoted === undefined) {
      if (this.quoted.size >= REMEMBERED_TEXTS) this.quoted.clear();
      this.quoted.set(text, (quoted = utf8(JSON.stringify(text))));
    }
    return quoted;
  }
}
