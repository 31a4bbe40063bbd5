import { Rng } from "../../../runtime/rng.js";
import { brands, productTypes, type ProductType } from "./vocabulary.js";

/** One product of the catalogue. Never changed once generated (episodes and clones share them). */
export interface Product {
  /** An ASIN-like id, e.g. "B07K3M9QXA"; what `click[...]` names. */
  readonly id: string;
  readonly title: string;
  readonly type: ProductType;
  /** "clothing › men › shirts". */
  readonly category: string;
  readonly attributes: readonly string[];
  /** Option name → the values this product comes in (a subset of its type's, in the type's order). */
  readonly options: Readonly<Record<string, readonly string[]>>;
  readonly price: number;
}

/** The generated products, and lookup by id. */
export interface Catalogue {
  readonly seed: number;
  readonly products: readonly Product[];
  readonly byId: ReadonlyMap<string, Product>;
}

const idAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";

/**
 * `count` products from `seed`: each draws a type, a brand, 3–5 of its type's attributes (one or
 * two of them in the title), 2 or more values of each option group, and a price in its type's
 * range ending in .99. Same seed and count, same catalogue.
 */
export function generateCatalogue(seed: number, count: number): Catalogue {
  const rng = Rng.derive("shopping-catalogue", seed);
  const products: Product[] = [];
  const byId = new Map<string, Product>();
  for (let i = 0; i < count; i++) {
    const type = productTypes[rng.int(productTypes.length)]!;
    const brand = brands[rng.int(brands.length)]!;
    const attributes = pickSome(rng, type.attributes, 3 + rng.int(Math.min(3, type.attributes.length - 2)));
    const titled = attributes.slice(0, 1 + rng.int(2));
    const options = Object.fromEntries(
      Object.entries(type.options).map(([name, values]) => [name, subsetInOrder(rng, values, Math.min(values.length, 2 + rng.int(values.length - 1)))]),
    );
    const [low, high] = type.price;
    const price = Math.floor(low + rng.float() * (high - low)) + 0.99;
    let id = newId(rng);
    while (byId.has(id)) id = newId(rng);
    const product: Product = Object.freeze({
      id,
      title: `${brand} ${titled.map(titleCase).join(" ")} ${titleCase(type.name)}`,
      type,
      category: type.category.join(" › "),
      attributes: Object.freeze(attributes),
      options: Object.freeze(options),
      price,
    });
    products.push(product);
    byId.set(id, product);
  }
  return Object.freeze({ seed, products: Object.freeze(products), byId });
}

const catalogues = new Map<string, Catalogue>();

/** The catalogue of (seed, count), generated once per process: environments and their clones share it. */
export function cachedCatalogue(seed: number, count: number): Catalogue {
  const key = `${seed}:${count}`;
  let catalogue = catalogues.get(key);
  if (!catalogue) catalogues.set(key, (catalogue = generateCatalogue(seed, count)));
  return catalogue;
}

function newId(rng: Rng): string {
  let id = "B0";
  for (let i = 0; i < 8; i++) id += idAlphabet[rng.int(idAlphabet.length)];
  return id;
}

/** `k` distinct values in random order. */
function pickSome<T>(rng: Rng, values: readonly T[], k: number): T[] {
  const pool = [...values];
  const picked: T[] = [];
  while (picked.length < k && pool.length > 0) picked.push(pool.splice(rng.int(pool.length), 1)[0]!);
  return picked;
}

/** `k` distinct values, kept in their original order (option lists read naturally: small before large). */
function subsetInOrder<T>(rng: Rng, values: readonly T[], k: number): T[] {
  const chosen = new Set(pickSome(rng, values, k));
  return values.filter((v) => chosen.has(v));
}

function titleCase(words: string): string {
  return words.replace(/(^|[\s-])([a-z])/g, (_, lead: string, letter: string) => lead + letter.toUpperCase());
}
