import { describe, expect, it } from "vitest";
import { workersToPrestart } from "./episode-worker-standby.js";

describe("workers the launcher starts ahead", () => {
  it("are those of `run --workers N` less the CLI's own thread", () => {
    expect(workersToPrestart(["run", "f.json", "--workers", "3"], 8)).toBe(2);
    expect(workersToPrestart(["run", "f.json", "-w", "2", "--episodes", "10"], 8)).toBe(1);
    expect(workersToPrestart(["run", "--workers=4", "f.json"], 8)).toBe(3);
  });

  it("are at most the cores less one: a run with more starts the rest itself, and a flag the CLI refuses starts few", () => {
    expect(workersToPrestart(["run", "f.json", "--workers", "8"], 2)).toBe(1);
    expect(workersToPrestart(["run", "f.json", "--workers", "100000"], 4)).toBe(3);
  });

  it("are none for one thread, another command, a queued or forked run, or a flag the CLI will refuse", () => {
    expect(workersToPrestart(["run", "f.json"])).toBe(0);
    expect(workersToPrestart(["run", "f.json", "--workers", "1"])).toBe(0);
    expect(workersToPrestart(["sweep", "f.json", "--workers", "4"])).toBe(0);
    expect(workersToPrestart(["run", "f.json", "--workers", "2", "--queue", "redis://h:6379"])).toBe(0);
    expect(workersToPrestart(["run", "--fork=runs/x:3", "--workers", "2"])).toBe(0);
    expect(workersToPrestart(["run", "f.json", "--workers", "two"])).toBe(0);
    expect(workersToPrestart(["run", "f.json", "--workers"])).toBe(0);
  });
});
