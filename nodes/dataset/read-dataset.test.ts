import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readJsonLines } from "./read-dataset.js";

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), "foresight-read-"));
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

const line = (episode: number, step: number) => JSON.stringify({ episode, step, reward: 0.5 });
const episode = (n: number, steps: number) => Array.from({ length: steps }, (_, step) => `${line(n, step)}\n`).join("");

function read(text: string) {
  const path = join(folder, "transitions.jsonl");
  writeFileSync(path, text);
  return readJsonLines(path).map((record) => [record["episode"], record["step"]]);
}

describe("reading a JSON Lines file a killed run left", () => {
  it("reads every line of a file that ends with a whole episode", () => {
    expect(read(episode(0, 2) + episode(1, 1))).toEqual([[0, 0], [0, 1], [1, 0]]);
  });

  it("leaves out the whole episode whose one write a kill cut short after some of its lines", () => {
    const cut = episode(1, 3).slice(0, line(1, 0).length + 1 + 20);
    expect(read(episode(0, 2) + cut)).toEqual([[0, 0], [0, 1]]);
  });

  it("keeps the episode before when the cut fell inside the torn episode's first line", () => {
    expect(read(episode(0, 2) + line(1, 0).slice(0, 20))).toEqual([[0, 0], [0, 1]]);
  });
});

describe("reading a JSON Lines file a Windows editor saved", () => {
  it("reads a file that starts with a byte-order mark and ends its lines with CR LF", () => {
    expect(read(`\uFEFF${(episode(0, 2) + episode(1, 1)).replaceAll("\n", "\r\n")}`)).toEqual([[0, 0], [0, 1], [1, 0]]);
  });
});
