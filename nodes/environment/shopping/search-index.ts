import type { Catalogue, Product } from "./catalogue.js";
import { stopWords } from "./vocabulary.js";

/** Lower-case words of a text: runs of letters and digits ("T-Shirt" → "t", "shirt"). */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
}

/** The words search matches on, stop words removed. */
export function contentWords(text: string): string[] {
  return words(text).filter((w) => !stopWords.has(w));
}

/** What search reads of a product: its title, type, category and attributes (not its options). */
function productText(product: Product): string {
  return `${product.title} ${product.type.name} ${product.category} ${product.attributes.join(" ")}`;
}

// BM25's usual constants.
const k1 = 1.2;
const b = 0.75;
/** Results a search returns at most (WebShop shows 50 over pages of 10). */
export const maxResults = 50;
/** Queries remembered per index; scripted policies and look-ahead repeat the same few. */
const cacheSize = 4096;

/**
 * BM25 over the catalogue's product texts, as WebShop's search engine ranks them. Built once per
 * catalogue; searches are memoised by their content words, so the same query is ranked once.
 */
export class SearchIndex {
  private readonly postings = new Map<string, { product: number; tf: number }[]>();
  private readonly lengths: Float64Array;
  private readonly averageLength: number;
  private readonly memo = new Map<string, readonly Product[]>();

  constructor(private readonly catalogue: Catalogue) {
    this.lengths = new Float64Array(catalogue.products.length);
    let total = 0;
    catalogue.products.forEach((product, index) => {
      const counts = new Map<string, number>();
      for (const word of contentWords(productText(product))) counts.set(word, (counts.get(word) ?? 0) + 1);
      let length = 0;
      for (const [word, tf] of counts) {
        length += tf;
        let list = this.postings.get(word);
        if (!list) this.postings.set(word, (list = []));
        list.push({ product: index, tf });
      }
      this.lengths[index] = length;
      total += length;
    });
    this.averageLength = total / Math.max(1, catalogue.products.length);
  }

  /** The best `maxResults` products for `query`, best first (ties in catalogue order); none for a query of stop words only. */
  search(query: string): readonly Product[] {
    const terms = [...new Set(contentWords(query))].sort();
    const key = terms.join(" ");
    const known = this.memo.get(key);
    if (known) return known;
    const scores = new Map<number, number>();
    const n = this.catalogue.products.length;
    for (const term of terms) {
      const list = this.postings.get(term);
      if (!list) continue;
      const idf = Math.log(1 + (n - list.length + 0.5) / (list.length + 0.5));
      for (const { product, tf } of list) {
        const norm = tf + k1 * (1 - b + (b * this.lengths[product]!) / this.averageLength);
        scores.set(product, (scores.get(product) ?? 0) + (idf * tf * (k1 + 1)) / norm);
      }
    }
    const ranked = [...scores.entries()]
      .sort((x, y) => y[1] - x[1] || x[0] - y[0])
      .slice(0, maxResults)
      .map(([index]) => this.catalogue.products[index]!);
    if (this.memo.size >= cacheSize) this.memo.clear();
    const frozen = Object.freeze(ranked);
    this.memo.set(key, frozen);
    return frozen;
  }
}

const indices = new WeakMap<Catalogue, SearchIndex>();

/** The catalogue's index, built on first use and shared by every environment on it. */
export function searchIndexOf(catalogue: Catalogue): SearchIndex {
  let index = indices.get(catalogue);
  if (!index) indices.set(catalogue, (index = new SearchIndex(catalogue)));
  return index;
}
