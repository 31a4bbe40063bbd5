import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseJsonText, syntaxErrorOffset } from "./json-text.js";

function errorOf(text: string): string {
  const parsed = parseJsonText(text);
  if (parsed.ok) throw new Error(`${JSON.stringify(text)} parsed`);
  return parsed.message;
}

describe("JSON text", () => {
  it("accepts a UTF-8 byte order mark before the JSON", () => {
    expect(parseJsonText('\uFEFF{ "name": "x" }')).toEqual({ ok: true, value: { name: "x" } });
  });

  // Node 20 gives no position for an unexpected token or the end of the input: these are the ones the scan finds.
  it.each([
    ['{\n  "a": tru}', "Unexpected token '}' at line 2, column 11"],
    ["[1,\n", "Unexpected end of JSON input at line 2, column 1"],
    ["", "Unexpected end of JSON input at line 1, column 1"],
    ['{\n  "format": "foresight/pipeline",\n  "version": 1,,\n}', "Expected double-quoted property name at line 3, column 16"],
    ['[1,\n 2\n "x"]', "Expected ',' or ']' after array element at line 3, column 2"],
    ['{"a": "line\nbreak"}', "Bad control character in string literal at line 1, column 12"],
    ['\uFEFF{\n "a" 1}', "Expected ':' after property name at line 2, column 6"],
  ])("reports %j with its line and column", (text, message) => {
    expect(errorOf(text)).toBe(message);
  });

  it("leaves out the text V8 quotes, which can be a whole line of the file", () => {
    const quoting = [`{"nodes": [${'"x", '.repeat(50)}nul]}`, `nul ${'"x", '.repeat(50)}`, "[nul]"];
    expect(quoting.map(errorOf)).toEqual([
      "Unexpected token ']' at line 1, column 265",
      "Unexpected token ' ' at line 1, column 4",
      "Unexpected token ']' at line 1, column 5",
    ]);
  });

  it("finds no error in valid JSON, the shipped examples among it", () => {
    for (const text of ["{}", "[]", '"\\u00e9\\n"', "-0.5e+3", " [ true , false , null , { \"a\" : [ ] } ] ", readFileSync("examples/gridworld-vgps.foresight.json", "utf8")]) {
      expect(syntaxErrorOffset(text), text.slice(0, 40)).toBeUndefined();
    }
  });

  it("agrees with JSON.parse on what is valid", () => {
    const samples = ["01", "[1,]", '{"a":1,}', "tru", "nul", "1.", ".5", "-", '"\\x"', '"\\u12g4"', "[1 2]", '{"a"}', "{1:2}", "[]]", "{}x", '"abc', "1e", "+1"];
    for (const text of samples) {
      expect(() => JSON.parse(text), text).toThrow();
      expect(syntaxErrorOffset(text), text).toBeTypeOf("number");
    }
  });

  it("scans a text nested 100,000 deep without overflowing the stack", () => {
    expect(syntaxErrorOffset("[".repeat(100_000) + "]".repeat(99_999))).toBe(199_999);
  });

  it.each([
    ['{\n  "a": 1,\n<<<<<<< HEAD\n  "b": 2\n=======\n  "b": 3\n>>>>>>> theirs\n}', "an unresolved git merge-conflict marker (<<<<<<<) at line 3, column 1"],
    ['{\n  // the seed\n  "a": 1\n}', "a comment, which JSON does not allow (say it in a description or a note instead) at line 2, column 3"],
    ['{\n  "a": [1, 2],\n  "b": 1,\n}', "a trailing comma (JSON allows none before }) at line 3, column 9"],
    ['[1, 2,\n]', "a trailing comma (JSON allows none before ]) at line 1, column 6"],
  ])("says what a hand-edited file holds by mistake, where it is: %j", (text, message) => {
    expect(errorOf(text)).toBe(message);
  });
});

