import { describe, expect, it } from "vitest";
import { outsideJsonStrings } from "./outside-json-strings.js";

const outside = (text: string) => [...outsideJsonStrings(text)].map((i) => text[i]).join("");

describe("outsideJsonStrings", () => {
  it("skips string literals, escaped quotes and backslashes included", () => {
    expect(outside('{"a,b":[1,"x\\"]y"],"c\\\\":NaN}')).toBe("{:[1,],:NaN}");
  });

  it("yields nothing after a string that never closes", () => {
    expect(outside('[1, "open')).toBe("[1, ");
  });
});
