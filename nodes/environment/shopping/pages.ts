import type { ShoppingObservation, ShoppingPage } from "../../../protocol/shopping.js";
import { buttons, formatAction } from "./actions.js";
import type { Catalogue, Product } from "./catalogue.js";
import type { SearchIndex } from "./search-index.js";

/** Where the agent is: what the environment keeps per page (the observation is built from it). */
export type PageState =
  | { kind: "search" }
  | { kind: "results"; query: string; page: number }
  | { kind: "item"; id: string; chosen: Readonly<Record<string, string>> }
  | { kind: "done"; id: string; chosen: Readonly<Record<string, string>>; reward: number };

/** Results per page, as WebShop shows them. */
export const resultsPerPage = 10;

/** The page as the agent observes it. */
export function pageView(state: PageState, catalogue: Catalogue, index: SearchIndex): ShoppingPage {
  switch (state.kind) {
    case "search":
      return { kind: "search" };
    case "results": {
      const found = index.search(state.query);
      const pages = Math.max(1, Math.ceil(found.length / resultsPerPage));
      const items = found.slice((state.page - 1) * resultsPerPage, state.page * resultsPerPage).map((p) => ({ id: p.id, title: p.title, price: p.price }));
      return { kind: "results", query: state.query, page: state.page, pages, total: found.length, items };
    }
    case "item": {
      const product = productOf(catalogue, state.id);
      return {
        kind: "item",
        id: product.id,
        title: product.title,
        price: product.price,
        category: product.category,
        features: [...product.attributes],
        options: Object.entries(product.options).map(([name, values]) => ({ name, values: [...values] })),
        chosen: { ...state.chosen },
      };
    }
    case "done": {
      const product = productOf(catalogue, state.id);
      return { kind: "done", id: product.id, title: product.title, price: product.price, chosen: { ...state.chosen }, reward: state.reward };
    }
  }
}

/** Every action that does something on this page (search takes any query: listed as `search[...]`). */
export function validActions(page: ShoppingPage): string[] {
  switch (page.kind) {
    case "search":
      return ["search[...]"];
    case "results":
      return [
        ...page.items.map((item) => formatAction({ verb: "click", target: item.id })),
        ...(page.page < page.pages ? [formatAction({ verb: "click", target: buttons.next })] : []),
        ...(page.page > 1 ? [formatAction({ verb: "click", target: buttons.prev })] : []),
        formatAction({ verb: "click", target: buttons.backToSearch }),
        "back",
      ];
    case "item":
      return [
        ...page.options.flatMap((group) => group.values.map((value) => formatAction({ verb: "choose", option: group.name, value }))),
        "buy",
        "back",
        formatAction({ verb: "click", target: buttons.prev }),
        formatAction({ verb: "click", target: buttons.backToSearch }),
      ];
    case "done":
      return [];
  }
}

/**
 * The page as text, in the spirit of WebShop's "simple" observation: the instruction, then the
 * page's content with its clickable parts in brackets. What LLM prompts and preference pairs read.
 */
export function observationText(observation: ShoppingObservation): string {
  return `Instruction: ${observation.instruction}\n${pageText(observation.page)}`;
}

/** The page's part of `observationText` (no instruction). */
export function pageText(page: ShoppingPage): string {
  switch (page.kind) {
    case "search":
      return "[Search]";
    case "results": {
      const nav = [`[${buttons.backToSearch}]`, ...(page.page > 1 ? [`[${buttons.prev}]`] : []), ...(page.page < page.pages ? [`[${buttons.next}]`] : [])];
      const head = `Page ${page.page} of ${page.pages} (${page.total} results for "${page.query}")`;
      const items = page.items.map((item) => `[${item.id}] ${item.title} | ${dollars(item.price)}`);
      return [nav.join(" "), head, ...(items.length > 0 ? items : ["No products match."])].join("\n");
    }
    case "item": {
      const options = page.options.map((group) => {
        const chosen = page.chosen[group.name];
        return `${group.name}: ${group.values.map((v) => `[${v}]`).join(" ")}${chosen !== undefined ? ` (chosen: ${chosen})` : ""}`;
      });
      return [
        `[${buttons.backToSearch}] [${buttons.prev}]`,
        page.title,
        `Price: ${dollars(page.price)}`,
        `Category: ${page.category}`,
        `Features: ${page.features.join(", ")}`,
        ...options,
        `[${buttons.buyNow}]`,
      ].join("\n");
    }
    case "done": {
      const chosen = Object.entries(page.chosen).map(([name, value]) => `${name}: ${value}`);
      return [`Bought ${page.title} (${page.id}) for ${dollars(page.price)}${chosen.length > 0 ? `, ${chosen.join(", ")}` : ""}.`, `Reward: ${page.reward.toFixed(3)}`].join("\n");
    }
  }
}

/** "$24.99". */
export function dollars(price: number): string {
  return `$${price.toFixed(2)}`;
}

/** The product with `id`; an id from a page or a snapshot of this catalogue always resolves. */
export function productOf(catalogue: Catalogue, id: string): Product {
  const product = catalogue.byId.get(id);
  if (!product) throw new Error(`shopping: no product "${id}" in the catalogue (seed ${catalogue.seed}, ${catalogue.products.length} products)`);
  return product;
}
