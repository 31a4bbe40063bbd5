import type { ShoppingGoal } from "../../../protocol/shopping.js";
import type { Product } from "./catalogue.js";
import { words } from "./search-index.js";
import { productTypes } from "./vocabulary.js";

/** Each term of WebShop's reward for one purchase, and the reward itself. */
export interface RewardBreakdown {
  reward: number;
  /** r_type: 1, 0.5, 0.1 or 0 by how well the product's type matches the goal's. */
  typeScore: number;
  /** Share of the goal type's words found in the bought product's title. */
  titleScore: number;
  /** The bought product is of the goal's type (WebShop's "query match"). */
  sameType: boolean;
  /** The categories share at least two levels. */
  categoryMatch: boolean;
  attributesMatched: number;
  optionsMatched: number;
  priceOk: boolean;
}

/**
 * WebShop's reward (Yao et al. 2022, §3.2), for buying `product` with the options `chosen`:
 *
 *   r = r_type · (|U_att ∩ Y_att| + |U_opt ∩ Y_opt| + 1[y_price ≤ u_price]) / (|U_att| + |U_opt| + 1)
 *
 * U is the goal, Y the purchase. Attributes match when the product has them, options when the value
 * chosen equals the one asked for. r_type follows WebShop's code: 1 when the type, the category (two
 * levels) or over 20% of the goal type's words in the title match, else 0.5; then 0.1 when under 10%
 * of those words are in the title, 0 when none are.
 */
export function webshopReward(product: Product, chosen: Readonly<Record<string, string>>, goal: ShoppingGoal): RewardBreakdown {
  const goalWords = [...new Set(words(goal.type))];
  const titleWords = new Set(words(product.title));
  const titleScore = goalWords.length === 0 ? 0.2 : goalWords.filter((w) => titleWords.has(w)).length / goalWords.length;
  const sameType = product.type.name === goal.type;
  const goalCategory: readonly string[] = productTypes.find((t) => t.name === goal.type)?.category ?? [];
  const categoryMatch = product.type.category.filter((level) => goalCategory.includes(level)).length >= 2;
  let typeScore = sameType || categoryMatch || titleScore > 0.2 ? 1 : 0.5;
  if (titleScore < 0.1) typeScore = 0.1;
  if (titleScore === 0) typeScore = 0;

  const attributesMatched = goal.attributes.filter((a) => product.attributes.includes(a)).length;
  const wanted = Object.entries(goal.options);
  const optionsMatched = wanted.filter(([name, value]) => chosen[name] === value).length;
  const priceOk = product.price <= goal.maxPrice;
  const reward = (typeScore * (attributesMatched + optionsMatched + (priceOk ? 1 : 0))) / (goal.attributes.length + wanted.length + 1);
  return { reward, typeScore, titleScore, sameType, categoryMatch, attributesMatched, optionsMatched, priceOk };
}
