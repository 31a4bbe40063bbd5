import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DatasetStream } from "./stream.js";

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), "foresight-stream-"));
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

const declared = { episode: "INT32", step: "INT32" } as const;
const line = (episode: number, step: number) => JSON.stringify({ episode, step });
const lines = () => readFileSync(join(folder, "steps.jsonl"), "utf8");

describe("a dataset stream", () => {
  it("writes an episode's lines and records in the order they came, each record with every column its episode showed", async () => {
    const stream = new DatasetStream("steps", folder, ["jsonl"], declared);
    stream.addLine(0, line(0, 0));
    stream.add(0, { episode: 0, step: 1, note: "é" });
    stream.addLine(0, line(0, 2));
    stream.add(0, { episode: 0, step: 3, extra: 1.5 });
    stream.commitEpisode(0);
    await stream.close();
    expect(lines()).toBe(
      [
        `{"episode":0,"step":0}`,
        `{"episode":0,"step":1,"note":"é","extra":null}`,
        `{"episode":0,"step":2}`,
        `{"episode":0,"step":3,"note":null,"extra":1.5}`,
        "",
      ].join("\n"),
    );
  });

  it("keeps episodes in progress apart, writes each at its commit and reuses a finished episode's buffer for the next", async () => {
    const stream = new DatasetStream("steps", folder, ["jsonl"], declared);
    // Lanes interleave steps; the longest line outgrows a fresh buffer, so a reused one must have been cleared.
    const long = (episode: number, step: number) => JSON.stringify({ episode, step, text: "x".repeat(40_000) });
    for (let step = 0; step < 3; step++) for (const episode of [2, 0, 1]) stream.addLine(episode, episode === 1 ? long(episode, step) : line(episode, step));
    stream.commitEpisode(0);
    stream.discardEpisode(2);
    stream.commitEpisode(1);
    stream.addLine(3, line(3, 0));
    stream.commitEpisode(3);
    await stream.close();
    const expected = [line(0, 0), line(0, 1), line(0, 2), long(1, 0), long(1, 1), long(1, 2), line(3, 0), ""];
    expect(lines()).toBe(expected.join("\n"));
  });
});
