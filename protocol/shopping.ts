/**
 * The shopping task's observation and scene, as the environment (nodes/environment/shopping/)
 * writes them and the editor's view (renderer/environments/shopping/) draws them. Type aliases,
 * not interfaces, so they stay assignable to JsonValue.
 */

/** A product as a results page lists it. */
export type ShoppingResult = { id: string; title: string; price: number };

/** One option of a product (e.g. size) and the values it comes in. */
export type ShoppingOptionGroup = { name: string; values: string[] };

/** The page the agent sees: one of four. */
export type ShoppingPage =
  | { kind: "search" }
  | {
      kind: "results";
      query: string;
      /** 1-based page number, of `pages`. */
      page: number;
      pages: number;
      /** Matching products in all pages. */
      total: number;
      items: ShoppingResult[];
    }
  | {
      kind: "item";
      id: string;
      title: string;
      price: number;
      category: string;
      features: string[];
      options: ShoppingOptionGroup[];
      /** Option name → value chosen so far on this visit. */
      chosen: { [name: string]: string };
    }
  | { kind: "done"; id: string; title: string; price: number; chosen: { [name: string]: string }; reward: number };

/** What the shopping environment observes: the instruction and the page. */
export type ShoppingObservation = { instruction: string; page: ShoppingPage };

/** What the instruction asks for (hidden from the agent; the view shows it to the researcher). */
export type ShoppingGoal = {
  /** The product type, e.g. "shirt". */
  type: string;
  attributes: string[];
  /** Option name → the value asked for. */
  options: { [name: string]: string };
  maxPrice: number;
  difficulty: "easy" | "medium" | "hard";
};

/** The shopping task's scene: the episode's instruction and goal, and the catalogue's size. */
export type ShoppingScene = {
  kind: "shopping";
  instruction: string;
  goal: ShoppingGoal;
  products: number;
};
