import type { ShoppingGoal } from "../../../protocol/shopping.js";
import { Rng } from "../../../runtime/rng.js";
import type { Catalogue, Product } from "./catalogue.js";
import { optionPhrases } from "./vocabulary.js";

/** Instruction difficulty: how much the instruction asks for, and how tight its price is. */
export type Difficulty = ShoppingGoal["difficulty"];

/** A difficulty setting: one level, or a level drawn per episode. */
export type DifficultySetting = Difficulty | "mixed";

export const difficulties: readonly Difficulty[] = ["easy", "medium", "hard"];

/** An episode's task: the instruction the agent reads and the goal the reward checks. */
export interface Task {
  instruction: string;
  goal: ShoppingGoal;
  /** The product the goal was drawn from (one that satisfies it fully; others may too). */
  targetId: string;
}

/**
 * How much each level asks: attributes (at most the product has), option groups (at most it has),
 * and the price cap as a multiple of the target's price, rounded up to the next `roundTo` dollars.
 */
const levels: Record<Difficulty, { attributes: number; options: number; headroom: number; roundTo: number }> = {
  easy: { attributes: 1, options: 0, headroom: 1.6, roundTo: 10 },
  medium: { attributes: 2, options: 1, headroom: 1.3, roundTo: 10 },
  hard: { attributes: 3, options: 2, headroom: 1.05, roundTo: 5 },
};

const openers = ["i am looking for", "i need", "i want to buy", "find me", "i would like"];

/**
 * The task of the episode with `seed`: a target product drawn from the catalogue, some of its
 * attributes and one value of some of its option groups, and a price cap above its price.
 */
export function drawTask(catalogue: Catalogue, seed: number, setting: DifficultySetting): Task {
  const rng = Rng.derive("shopping-task", seed);
  const difficulty = setting === "mixed" ? difficulties[rng.int(difficulties.length)]! : setting;
  const product = catalogue.products[rng.int(catalogue.products.length)]!;
  const level = levels[difficulty];
  const attributes = shuffled(rng, product.attributes).slice(0, level.attributes);
  const groups = shuffled(rng, Object.keys(product.options)).slice(0, level.options);
  const options = Object.fromEntries(groups.map((name) => [name, pick(rng, product.options[name]!)]));
  const maxPrice = Math.ceil((product.price * level.headroom) / level.roundTo) * level.roundTo;
  const goal: ShoppingGoal = { type: product.type.name, attributes, options, maxPrice, difficulty };
  return { instruction: instructionFor(goal, pick(rng, openers)), goal, targetId: product.id };
}

/** E.g. "i need a long sleeve, cotton shirt in red color and size medium, and price lower than 30.00 dollars". */
export function instructionFor(goal: ShoppingGoal, opener: string): string {
  const described = goal.attributes.length > 0 ? `${goal.attributes.join(", ")} ${goal.type}` : goal.type;
  // Plural types ("socks", "headphones") take no article.
  const article = /[^s]s$/.test(goal.type) ? "" : /^[aeiou]/.test(described) ? "an " : "a ";
  const wanted = Object.entries(goal.options).map(([name, value]) => (optionPhrases[name] ?? `${name} {}`).replace("{}", value));
  const options = wanted.length > 0 ? ` in ${wanted.join(" and ")}` : "";
  return `${opener} ${article}${described}${options}, and price lower than ${goal.maxPrice.toFixed(2)} dollars`;
}

/** Whether a product meets every part of the goal (with the right options chosen it earns reward 1). */
export function satisfies(product: Product, goal: ShoppingGoal): boolean {
  return (
    product.type.name === goal.type &&
    product.price <= goal.maxPrice &&
    goal.attributes.every((a) => product.attributes.includes(a)) &&
    Object.entries(goal.options).every(([name, value]) => product.options[name]?.includes(value) === true)
  );
}

function pick<T>(rng: Rng, values: readonly T[]): T {
  return values[rng.int(values.length)]!;
}

function shuffled<T>(rng: Rng, values: readonly T[]): T[] {
  const out = [...values];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
