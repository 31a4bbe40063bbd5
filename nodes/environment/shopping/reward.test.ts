import { describe, expect, it } from "vitest";
import type { ShoppingGoal } from "../../../protocol/shopping.js";
import type { Product } from "./catalogue.js";
import { webshopReward } from "./reward.js";
import { productTypes } from "./vocabulary.js";

const typeNamed = (name: string) => productTypes.find((t) => t.name === name)!;

function product(type: string, title: string, attributes: string[], price: number): Product {
  return { id: "B0TEST0001", title, type: typeNamed(type), category: typeNamed(type).category.join(" › "), attributes, options: {}, price };
}

// A goal in the paper's style ("a red cotton shirt, size medium, under $30"), with two attributes: 5 parts in all.
const goal: ShoppingGoal = { type: "shirt", attributes: ["cotton", "long sleeve"], options: { color: "red", size: "medium" }, maxPrice: 30, difficulty: "hard" };
const shirt = product("shirt", "Northwind Cotton Long Sleeve Shirt", ["cotton", "long sleeve", "machine washable"], 24.99);

describe("WebShop's reward", () => {
  it("pays 1 for the right type with every attribute, every option and the price met", () => {
    expect(webshopReward(shirt, { color: "red", size: "medium" }, goal)).toMatchObject({ reward: 1, typeScore: 1, attributesMatched: 2, optionsMatched: 2, priceOk: true });
  });

  it("counts matched attributes, options and price over |U_att| + |U_opt| + 1", () => {
    // No option chosen: (2 + 0 + 1) / 5.
    expect(webshopReward(shirt, {}, goal).reward).toBeCloseTo(3 / 5);
    // One wrong option: (2 + 1 + 1) / 5.
    expect(webshopReward(shirt, { color: "blue", size: "medium" }, goal).reward).toBeCloseTo(4 / 5);
    // Over the price: (2 + 2 + 0) / 5.
    expect(webshopReward({ ...shirt, price: 34.99 }, { color: "red", size: "medium" }, goal).reward).toBeCloseTo(4 / 5);
    // One attribute missing: (1 + 2 + 1) / 5.
    expect(webshopReward({ ...shirt, attributes: ["cotton"] }, { color: "red", size: "medium" }, goal).reward).toBeCloseTo(4 / 5);
  });

  it("pays nothing for a product of another type whose title shares no word with the goal's type", () => {
    const jeans = product("jeans", "Northwind Slim Fit Jeans", ["cotton", "long sleeve"], 20.99);
    expect(webshopReward(jeans, { color: "red", size: "medium" }, goal)).toMatchObject({ reward: 0, typeScore: 0, titleScore: 0, categoryMatch: true });
  });

  it("keeps r_type at 1 when the title holds the goal type's words (a t-shirt for a shirt)", () => {
    const tee = product("t-shirt", "Fable Cotton T-Shirt", ["cotton"], 12.99);
    const breakdown = webshopReward(tee, { color: "red", size: "medium" }, goal);
    expect(breakdown).toMatchObject({ typeScore: 1, titleScore: 1, sameType: false });
    expect(breakdown.reward).toBeCloseTo(4 / 5);
  });

  it("keeps r_type at 1 when over 20% of the type's words are in the title, and sets it to 0 when none are", () => {
    const shoes: ShoppingGoal = { type: "running shoes", attributes: ["breathable"], options: {}, maxPrice: 100, difficulty: "easy" };
    // "running" is in the title, "shoes" is not: title score 0.5 > 0.2 keeps r_type at 1.
    const mat = product("yoga mat", "Lumen Running Yoga Mat", ["breathable"], 20.99);
    expect(webshopReward(mat, {}, shoes)).toMatchObject({ typeScore: 1, titleScore: 0.5 });
    // Neither "running" nor "shoes" in the title, another category: 0.
    const lamp = product("table lamp", "Lumen Dimmable Table Lamp", ["dimmable"], 20.99);
    expect(webshopReward(lamp, {}, shoes).typeScore).toBe(0);
  });
});
