import { describe, expect, it } from "vitest";
import { generateCatalogue } from "./catalogue.js";
import { difficulties, drawTask, satisfies } from "./instructions.js";
import { productTypes } from "./vocabulary.js";

describe("catalogue generator", () => {
  it("generates the same catalogue from the same seed and size, another from another seed", () => {
    const plain = (seed: number) => generateCatalogue(seed, 3000).products.map((p) => ({ ...p, type: p.type.name }));
    expect(plain(7)).toEqual(plain(7));
    const other = plain(8);
    expect(other.map((p) => p.id)).not.toEqual(plain(7).map((p) => p.id));
  });

  it("holds thousands of products with unique ids, their type's attributes and option values, and prices in range", () => {
    const { products, byId } = generateCatalogue(0, 5000);
    expect(products).toHaveLength(5000);
    expect(byId.size).toBe(5000);
    expect(new Set(products.map((p) => p.type.name)).size).toBe(productTypes.length);
    // Problems collected, then compared once: an expect() per product and field would dominate the test's time.
    const problems: string[] = [];
    const check = (ok: boolean, what: string, id: string) => ok || problems.push(`${id}: ${what}`);
    for (const product of products) {
      const { id, type } = product;
      check(/^B0[A-Z0-9]{8}$/.test(id), "id shape", id);
      check(product.attributes.length >= 3 && new Set(product.attributes).size === product.attributes.length, "3+ distinct attributes", id);
      check(product.attributes.every((a) => type.attributes.includes(a)), "attributes of its type", id);
      for (const [name, values] of Object.entries(product.options)) {
        check(values.length >= 2 && values.every((v) => type.options[name]?.includes(v) === true), `option ${name} from its type`, id);
      }
      check(product.price >= type.price[0] && product.price <= type.price[1], "price in range", id);
      check(Math.round(product.price * 100) % 100 === 99, "price ends in .99", id);
      check(product.title.toLowerCase().includes(type.name), "type in title", id);
      check(product.category === type.category.join(" › "), "category", id);
    }
    expect(problems).toEqual([]);
  });
});

describe("instructions", () => {
  const catalogue = generateCatalogue(0, 2000);

  it("draws the same task from the same episode seed", () => {
    expect(drawTask(catalogue, 42, "mixed")).toEqual(drawTask(catalogue, 42, "mixed"));
    const tasks = new Set(Array.from({ length: 50 }, (_, seed) => drawTask(catalogue, seed, "mixed").instruction));
    expect(tasks.size).toBeGreaterThan(45);
  });

  it("asks more at each difficulty level, and its target product satisfies every part", () => {
    const asks = { easy: [1, 0], medium: [2, 1], hard: [3, 2] } as const;
    for (const difficulty of difficulties) {
      for (let seed = 0; seed < 100; seed++) {
        const { goal, targetId, instruction } = drawTask(catalogue, seed, difficulty);
        const target = catalogue.byId.get(targetId)!;
        expect(goal.difficulty).toBe(difficulty);
        expect(goal.attributes.length).toBe(Math.min(asks[difficulty][0], target.attributes.length));
        expect(Object.keys(goal.options).length).toBe(Math.min(asks[difficulty][1], Object.keys(target.options).length));
        expect(satisfies(target, goal)).toBe(true);
        expect(goal.maxPrice).toBeGreaterThanOrEqual(target.price);
        for (const attribute of goal.attributes) expect(instruction).toContain(attribute);
        for (const value of Object.values(goal.options)) expect(instruction).toContain(value);
        expect(instruction).toContain(`price lower than ${goal.maxPrice.toFixed(2)} dollars`);
      }
    }
  });

  it("reads like a shopper's request", () => {
    const hard = drawTask(catalogue, 3, "hard");
    expect(hard.instruction).toMatch(/^(i am looking for|i need|i want to buy|find me|i would like) .+ in .+, and price lower than \d+\.00 dollars$/);
  });

  it("draws every level under mixed", () => {
    const levels = new Set(Array.from({ length: 60 }, (_, seed) => drawTask(catalogue, seed, "mixed").goal.difficulty));
    expect([...levels].sort()).toEqual(["easy", "hard", "medium"]);
  });
});
