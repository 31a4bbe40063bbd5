import type { ShoppingObservation, ShoppingPage } from "../../../protocol/shopping.js";
import { buttons, formatAction } from "./actions.js";
import { contentWords, words } from "./search-index.js";

/** A naive shopper's proposals: actions with preference scores (higher preferred). */
export interface Proposals {
  actions: string[];
  scores: number[];
}

/**
 * What a plausible but careless shopper would do on this page, read from the observation alone:
 * search with the instruction's words (in full, or a shorter, sloppier query); open results by
 * rank, barely looking at titles and never at prices; choose the option values the instruction
 * names, but also others, and never correct a choice; buy when it has chosen what it noticed,
 * and sometimes before. It never checks a product's features or price: that is what value
 * guidance is there to catch.
 */
export function scriptedProposals(observation: ShoppingObservation): Proposals {
  const out: Proposals = { actions: [], scores: [] };
  const add = (action: string, score: number) => {
    if (out.actions.includes(action)) return;
    out.actions.push(action);
    out.scores.push(score);
  };
  const page = observation.page;
  switch (page.kind) {
    case "search":
      for (const [query, score] of queries(observation.instruction)) add(formatAction({ verb: "search", query }), score);
      break;
    case "results":
      proposeOnResults(page, observation.instruction, add);
      break;
    case "item":
      proposeOnItem(page, observation.instruction, add);
      break;
    case "done":
      break;
  }
  return out;
}

/** Queries from the instruction: all its content words; the product phrase; its last two words; the phrase minus its first word. */
function queries(instruction: string): [string, number][] {
  const wish = instruction.split(/,\s*and price/i)[0] ?? instruction;
  const product = wish.split(/\s+in\s+/)[0] ?? wish;
  const all = contentWords(wish);
  const phrase = contentWords(product);
  const candidates: [string[], number][] = [
    [all, 1],
    [phrase, 0.9],
    [phrase.slice(-2), 0.6],
    [phrase.slice(1), 0.5],
  ];
  return candidates.filter(([q]) => q.length > 0).map(([q, score]) => [q.join(" "), score]);
}

type Add = (action: string, score: number) => void;

function proposeOnResults(page: Extract<ShoppingPage, { kind: "results" }>, instruction: string, add: Add): void {
  const wanted = new Set(contentWords(instruction));
  page.items.forEach((item, rank) => {
    const title = words(item.title);
    const overlap = wanted.size === 0 ? 0 : title.filter((w) => wanted.has(w)).length / wanted.size;
    add(formatAction({ verb: "click", target: item.id }), 1 - 0.12 * rank + 0.3 * overlap);
  });
  if (page.page < page.pages) add(formatAction({ verb: "click", target: buttons.next }), 0.2);
  add("back", 0);
}

function proposeOnItem(page: Extract<ShoppingPage, { kind: "item" }>, instruction: string, add: Add): void {
  const text = ` ${words(instruction).join(" ")} `;
  const mentions = (value: string) => text.includes(` ${words(value).join(" ")} `);
  let noticedAll = true;
  for (const group of page.options) {
    if (page.chosen[group.name] !== undefined) continue;
    const named = group.values.some(mentions);
    if (named) noticedAll = false;
    for (const value of group.values) add(formatAction({ verb: "choose", option: group.name, value }), mentions(value) ? 1 : 0.2);
  }
  add("buy", noticedAll ? 1.2 : 0.6);
  add("back", 0.1);
}
