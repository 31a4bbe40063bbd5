import { describe, expect, it } from "vitest";
import { foresight } from "./fixtures/foresight-process.js";

describe("foresight dataset repair's argument", () => {
  it("says a file named instead of a run folder is a file", () => {
    const repair = foresight("dataset", "repair", "examples/gridworld-vgps.foresight.json");
    expect(repair.code).toBe(2);
    expect(repair.stderr).toBe("foresight: examples/gridworld-vgps.foresight.json is a file, not a run folder: name the folder a run wrote, e.g. runs/<pipeline>-<timestamp>\n");
  });

  it("says there is no such run folder when nothing is there", () => {
    const repair = foresight("dataset", "repair", "runs/not-there");
    expect(repair.code).toBe(2);
    expect(repair.stderr).toBe("foresight: runs/not-there: no such run folder\n");
  });
});
