import { defineEnvironmentFamily } from "../family.js";
import { cachedCatalogue } from "./catalogue.js";
import { shoppingParams } from "./params.js";
import { searchIndexOf } from "./search-index.js";
import { ShoppingEnvironment } from "./shopping.js";

export { ShoppingEnvironment } from "./shopping.js";
export { shoppingParams } from "./params.js";

/** The WebShop-like shopping task (docs/shopping.md). */
export const shoppingEnvironment = defineEnvironmentFamily({
  name: "shopping",
  sceneKind: "shopping",
  params: shoppingParams,
  create: ({ products, catalogueSeed, difficulty }) => {
    const catalogue = cachedCatalogue(catalogueSeed, products);
    return ShoppingEnvironment.create({ catalogue, index: searchIndexOf(catalogue), difficulty });
  },
});
