import { utf8 } from "./episode-buffer.js";

/** Texts (and pairs of texts) remembered before the memory is cleared: a run whose texts never repeat keeps at most this many. */
const REMEMBERED_TEXTS = 4096;

/**
 * Texts as JSON strings in UTF-8, each distinct text quoted once while it recurs: a preference's prompt is
 * the environment's rendering of its state, which states share (the grid world renders each cell
 * once), and actions are described by a handful of words. A Map hashes a string once (the hash
 * stays with the string), so looking up a recurring text costs less than escaping it again.
 */
export class QuotedTexts {
  private readonly quoted = new Map<string, Uint8Array>();
  private readonly pairs = new Map<string, Map<string, Uint8Array>>();
  private pairCount = 0;

  of(text: string): Uint8Array {
    let quoted = this.quoted.get(text);
    if (quoted === undefined) {
      if (this.quoted.size >= REMEMBERED_TEXTS) this.quoted.clear();
      this.quoted.set(text, (quoted = utf8(JSON.stringify(text))));
    }
    return quoted;
  }

  /** The piece `,"chosen":<chosen>,"rejected":<rejected>,"chosen_score":` of a preference line: a few actions make every pair. */
  pair(chosen: string, rejected: string): Uint8Array {
    let piece = this.pairs.get(chosen)?.get(rejected);
    if (piece === undefined) {
      if (this.pairCount >= REMEMBERED_TEXTS) {
        this.pairs.clear();
        this.pairCount = 0;
      }
      piece = utf8(`,"chosen":${JSON.stringify(chosen)},"rejected":${JSON.stringify(rejected)},"chosen_score":`);
      let byRejected = this.pairs.get(chosen);
      if (byRejected === undefined) this.pairs.set(chosen, (byRejected = new Map()));
      byRejected.set(rejected, piece);
      this.pairCount++;
    }
    return piece;
  }
}
