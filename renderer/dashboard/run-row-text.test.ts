import { describe, expect, it } from "vitest";
import { errorGist, folderNameParts, startedText } from "./run-row-text.js";

describe("a row of the Runs list", () => {
  it("shows an error's reason without the faulthandler dump under it", () => {
    const dump = [
      "env: the environment did not answer in 30 s (hung?): Fatal Python error: Aborted",
      "",
      "Current thread 0x00007f3a2b8e5740 (most recent call first):",
      '  File "/usr/lib/python3.11/site-packages/world.py", line 12 in step',
      '  File "/usr/lib/python3.11/site-packages/foresight_env/__main__.py", line 80 in serve',
    ].join("\n");
    expect(errorGist(dump)).toBe("env: the environment did not answer in 30 s (hung?): Fatal Python error: Aborted");
    expect(errorGist("Timeout (0:00:30)!\nThread 0x0001 (most recent call first):\n  File \"x.py\", line 1")).toBe("Timeout (0:00:30)!");
    expect(errorGist("one line")).toBe("one line");
    expect(errorGist("Current thread 0x1 (most recent call first):\n  File \"x.py\"")).toBe("Current thread 0x1 (most recent call first):");
  });

  it("says when a run started, in the viewer's time, the year only when it is not this one", () => {
    const started = new Date(2026, 11, 6, 9, 5).toISOString();
    expect(startedText(started, new Date(2026, 11, 7))).toBe("12-06 09:05");
    expect(startedText(started, new Date(2027, 0, 1))).toBe("2026-12-06 09:05");
    expect(startedText("unknown")).toBe("unknown");
  });

  it("keeps the time at a folder name's end apart, which tells runs of one pipeline apart", () => {
    expect(folderNameParts("gridworld-vgps-20261207-074812-123")).toEqual({ head: "gridworld-vgps-20261207-", end: "074812-123" });
    expect(folderNameParts("gridworld-vgps-sweep-20261207-074447-686")).toEqual({ head: "gridworld-vgps-sweep-20261207-", end: "074447-686" });
    expect(folderNameParts("my-run")).toEqual({ head: "my-run", end: "" });
  });
});
