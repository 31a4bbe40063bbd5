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
});
