import { describe, expect, it } from "vitest";
import { runErrorPlace } from "./run-error-place.js";

describe("the place a Script node's error names", () => {
  it("reads the line and column of a thrown error, the line alone where only it is named", () => {
    expect(runErrorPlace("Error: boom at step 7 (script line 6, column 20)")).toEqual({ line: 6, column: 20 });
    expect(runErrorPlace('the script threw "no action" (script line 3, column 5)')).toEqual({ line: 3, column: 5 });
    expect(runErrorPlace("the script ran out of memory: it may use 8 MB (memoryMB) (script line 5)")).toEqual({ line: 5 });
  });

  it("finds none in an error that has no place in the script", () => {
    expect(runErrorPlace("the script ran past its time limit of 250 ms (timeoutMs) and was interrupted")).toBeUndefined();
    expect(runErrorPlace('run() returned no output "candidates" (candidates)')).toBeUndefined();
  });
});
