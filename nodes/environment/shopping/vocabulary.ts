/** The words the catalogue generator builds products from (docs/shopping.md lists them). */

/** A kind of product: where it sits, what it can be, what it comes in, what it costs. */
export interface ProductType {
  /** The type's name as titles and instructions say it, e.g. "yoga mat". */
  name: string;
  /** Category path, top level first, e.g. ["clothing", "men", "shirts"]. */
  category: readonly [string, string, string];
  /** Attributes a product of this type may have (3–5 of them each). */
  attributes: readonly string[];
  /** Option groups (name → values); every product offers a subset of each group's values. */
  options: Readonly<Record<string, readonly string[]>>;
  /** Price range in dollars. */
  price: readonly [number, number];
}

const sizes = ["x-small", "small", "medium", "large", "x-large", "xx-large"];
const colors = ["black", "white", "red", "blue", "navy", "green", "grey", "pink", "beige", "brown"];
const shoeSizes = ["6", "7", "8", "9", "10", "11", "12"];
const clothing = ["cotton", "polyester", "machine washable", "slim fit", "relaxed fit", "long sleeve", "short sleeve", "breathable", "quick dry", "wrinkle free"];

export const productTypes: readonly ProductType[] = [
  { name: "shirt", category: ["clothing", "men", "shirts"], attributes: clothing, options: { color: colors, size: sizes }, price: [12, 60] },
  { name: "t-shirt", category: ["clothing", "women", "tops"], attributes: clothing, options: { color: colors, size: sizes }, price: [8, 35] },
  { name: "hoodie", category: ["clothing", "men", "sweatshirts"], attributes: [...clothing.slice(0, 5), "fleece lined", "zip up", "pullover"], options: { color: colors, size: sizes }, price: [20, 70] },
  { name: "dress", category: ["clothing", "women", "dresses"], attributes: ["cotton", "polyester", "machine washable", "sleeveless", "v neck", "midi length", "floral print", "pockets"], options: { color: colors, size: sizes }, price: [18, 90] },
  { name: "jeans", category: ["clothing", "men", "pants"], attributes: ["slim fit", "relaxed fit", "stretch", "high waist", "button fly", "machine washable", "distressed"], options: { color: ["blue", "black", "grey", "light wash", "dark wash"], size: ["28w", "30w", "32w", "34w", "36w", "38w"] }, price: [20, 80] },
  { name: "socks", category: ["clothing", "unisex", "socks"], attributes: ["cotton", "wool", "cushioned", "moisture wicking", "no show", "crew length", "arch support"], options: { color: colors, size: ["small", "medium", "large"] }, price: [6, 25] },
  { name: "running shoes", category: ["shoes", "men", "athletic"], attributes: ["lightweight", "breathable", "non slip", "memory foam", "wide width", "waterproof", "arch support"], options: { color: colors, size: shoeSizes }, price: [35, 140] },
  { name: "boots", category: ["shoes", "women", "boots"], attributes: ["leather", "waterproof", "non slip", "faux fur lined", "ankle high", "lace up", "wide width"], options: { color: ["black", "brown", "tan", "grey"], size: shoeSizes }, price: [40, 160] },
  { name: "throw pillow", category: ["home", "decor", "pillows"], attributes: ["velvet", "linen", "hypoallergenic", "machine washable", "zipper closure", "down alternative"], options: { color: colors, size: ["16 x 16 inch", "18 x 18 inch", "20 x 20 inch"] }, price: [9, 40] },
  { name: "blanket", category: ["home", "bedding", "blankets"], attributes: ["fleece", "cotton", "weighted", "machine washable", "lightweight", "reversible", "hypoallergenic"], options: { color: colors, size: ["twin", "queen", "king", "throw"] }, price: [15, 90] },
  { name: "table lamp", category: ["home", "lighting", "lamps"], attributes: ["dimmable", "usb port", "touch control", "led bulb included", "energy efficient", "metal base"], options: { color: ["black", "white", "gold", "silver", "brass"] }, price: [18, 75] },
  { name: "coffee mug", category: ["home", "kitchen", "mugs"], attributes: ["ceramic", "dishwasher safe", "microwave safe", "insulated", "bpa free", "with lid"], options: { color: colors, size: ["8 oz", "12 oz", "16 oz", "20 oz"] }, price: [7, 30] },
  { name: "shampoo", category: ["beauty", "hair care", "shampoo"], attributes: ["sulfate free", "paraben free", "organic", "vegan", "for dry hair", "color safe", "tea tree oil"], options: { size: ["8 fl oz", "12 fl oz", "16 fl oz", "pack of 2"] }, price: [6, 35] },
  { name: "face lotion", category: ["beauty", "skin care", "moisturizers"], attributes: ["fragrance free", "spf 30", "hyaluronic acid", "vegan", "oil free", "for sensitive skin", "cruelty free"], options: { size: ["1.7 oz", "2.5 oz", "4 oz"] }, price: [9, 55] },
  { name: "headphones", category: ["electronics", "audio", "headphones"], attributes: ["wireless", "noise cancelling", "bluetooth", "over ear", "foldable", "built-in microphone", "long battery life"], options: { color: ["black", "white", "blue", "silver", "rose gold"] }, price: [20, 200] },
  { name: "phone case", category: ["electronics", "accessories", "cases"], attributes: ["shockproof", "slim", "clear", "wireless charging compatible", "kickstand", "card holder"], options: { color: colors, model: ["iphone 13", "iphone 14", "iphone 15", "galaxy s23", "pixel 8"] }, price: [7, 40] },
  { name: "keyboard", category: ["electronics", "computers", "keyboards"], attributes: ["wireless", "mechanical", "backlit", "ergonomic", "bluetooth", "quiet keys", "rechargeable"], options: { color: ["black", "white", "grey", "pink"] }, price: [18, 130] },
  { name: "coffee beans", category: ["grocery", "beverages", "coffee"], attributes: ["organic", "fair trade", "dark roast", "medium roast", "decaf", "whole bean", "low acid"], options: { flavor: ["original", "vanilla", "hazelnut", "caramel", "mocha"], size: ["12 oz", "2 lb", "pack of 3"] }, price: [8, 45] },
  { name: "protein bar", category: ["grocery", "snacks", "bars"], attributes: ["gluten free", "low sugar", "vegan", "keto friendly", "high protein", "non gmo", "soy free"], options: { flavor: ["chocolate", "peanut butter", "cookie dough", "berry", "almond"], size: ["pack of 6", "pack of 12", "pack of 24"] }, price: [10, 45] },
  { name: "yoga mat", category: ["sports", "fitness", "yoga"], attributes: ["non slip", "extra thick", "eco friendly", "with carrying strap", "lightweight", "latex free"], options: { color: colors, size: ["4 mm", "6 mm", "10 mm"] }, price: [14, 70] },
  { name: "water bottle", category: ["sports", "outdoor", "bottles"], attributes: ["insulated", "bpa free", "leak proof", "stainless steel", "dishwasher safe", "with straw"], options: { color: colors, size: ["18 oz", "24 oz", "32 oz", "40 oz"] }, price: [10, 45] },
  { name: "backpack", category: ["sports", "outdoor", "bags"], attributes: ["waterproof", "lightweight", "laptop compartment", "usb charging port", "anti theft", "padded straps"], options: { color: colors }, price: [20, 95] },
];

/** Brands that start product titles. */
export const brands: readonly string[] = [
  "Northwind", "Alder & Co", "Bluecrest", "Cobalt Lane", "Driftwood", "Evergreen", "Fable", "Granite Peak", "Harbor", "Ironleaf",
  "Juniper", "Kestrel", "Lumen", "Meridian", "Nimbus", "Oakridge", "Pinecone", "Quartz", "Redwood", "Solstice",
];

/** How an instruction names the value asked for in each option group ("{}" is the value). */
export const optionPhrases: Readonly<Record<string, string>> = {
  color: "{} color",
  size: "size {}",
  flavor: "{} flavor",
  model: "for {}",
};

/** Words search and the scripted policy ignore. */
export const stopWords: ReadonlySet<string> = new Set([
  "a", "an", "the", "i", "am", "im", "looking", "for", "need", "want", "would", "like", "and", "or", "in", "of", "with", "to", "is",
  "me", "my", "it", "that", "please", "find", "buy", "get", "price", "lower", "than", "under", "dollars", "some", "color", "size", "flavor",
]);
