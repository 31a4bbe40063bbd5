import { describe, expect, it } from "vitest";
import { foresight } from "./fixtures/foresight-process.js";

/** A command's --help with its lines joined back, so a phrase commander wrapped still reads whole. */
function help(...command: string[]): string {
  const shown = foresight(...command, "--help");
  expect(shown.code).toBe(0);
  return shown.stdout.replace(/\s+/g, " ");
}

describe("foresight --help, read by a newcomer", () => {
  it("shows train's --hidden default as the flag takes it (64,64), and takes it so", () => {
    expect(help("train")).toContain("(default: 64,64)");
    expect(help("train")).not.toContain("[64,64]");
    const taken = foresight("train", "q", "no-such-run", "--out", "/tmp/never.onnx", "--hidden", "64,64");
    expect(taken.stderr).not.toContain("--hidden");
  });

  it("says what a node kind is under --kinds, and shows no empty default list for any repeatable flag", () => {
    for (const command of ["run", "compare", "sweep", "validate", "schema", "train", "worker", "serve"]) {
      const text = help(command);
      expect(text, command).toContain("a kind is a type of pipeline node");
      expect(text, command).not.toContain("(default: [])");
    }
  });

  it("says what each trace level records", () => {
    for (const command of ["run", "compare", "sweep"]) {
      expect(help(command), command).toContain("full, every node's inputs and outputs at each step (candidates, scores); steps, one record per step (action, reward); off, episodes only");
    }
  });

  it("explains shards/<k>/, and train's bootstrap, sarsa, mc_q and fitted iteration", () => {
    expect(help("run")).toContain("writes its datasets to its own shards/<k>/ folder of the run folder");
    const train = help("train");
    expect(train).toContain("a bootstrap, the network's own estimate of the next state");
    expect(train).toContain("sarsa: the value of the policy that recorded the data");
    expect(train).toContain("the mc_q column a Monte-Carlo Q node writes to the dataset");
    expect(train).toContain("each round fits the network to targets computed with the previous round's network");
  });

  it("says cancel takes a run id or run folder, and marks --redis required", () => {
    const cancel = help("cancel");
    expect(cancel).toContain("named by its run id (its run folder's name) or its run folder");
    expect(cancel).toContain("--redis <redis-url> required:");
    expect(help("worker")).toContain("--redis <redis-url> required:");
  });

  it("shows dataset repair in the top-level help", () => {
    expect(help()).toContain("`dataset repair <run-folder>` finishes a killed run's datasets");
  });

  it("ends a bad choice's message with one mark, not '.;'", () => {
    const bad = foresight("run", "x.foresight.json", "--trace", "everything");
    expect(bad).toMatchObject({ code: 2, stderr: "foresight: option '--trace <level>' argument 'everything' is invalid. Allowed choices are full, steps, off; add --help for usage\n" });
  });
});
