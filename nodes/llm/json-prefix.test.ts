import { describe, expect, it } from "vitest";
import { isUnfinishedJson } from "./json-prefix.js";

describe("isUnfinishedJson", () => {
  it.each([
    "",
    '{"id":"x","choices":[{"index":0,"message":{"role":"assistant","content":"Action: up"',
    '{"a":"Act',
    '{"a":',
    '{"a"',
    '{"a":1,',
    "[1, 2",
    "[tru",
    '{"a":nul',
    "[-",
    "[1.",
    "[1e",
    '["\\u00',
    '["\\',
    "  {  ",
  ])("finds %j a beginning of JSON that stops early", (text) => {
    expect(isUnfinishedJson(text)).toBe(true);
  });

  it.each(['{"choices": x', "{'a': 1}", '{"a":1}}', "[1,]", '{"a" 1', "[e5", "[-.5", "[01", "<html>", '{"a":1} tail', "12", '"whole"', "[1.e"])(
    "finds %j no beginning of JSON",
    (text) => {
      expect(isUnfinishedJson(text)).toBe(false);
    },
  );
});
