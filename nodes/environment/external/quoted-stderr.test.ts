import { describe, expect, it } from "vitest";
import { quotedStderr } from "./quoted-stderr.js";

describe("quotedStderr", () => {
  it("quotes a long stderr from a line's start, never mid-word", () => {
    const stderr = `${"Traceback line that is long enough\n".repeat(10)}ValueError: boom`;
    const quoted = quotedStderr(stderr, 60);
    expect(quoted).toBe("Traceback line that is long enough\nValueError: boom");
  });

  it("quotes foresight_env's one-line account of a failed build first, then the traceback printed before it", () => {
    const stderr = "Traceback (most recent call last):\n  File \"my_env.py\", line 2, in <module>\nModuleNotFoundError: No module named 'sim'\nforesight_env: cannot build my_env:E (at my_env.py:2); install it\n";
    expect(quotedStderr(stderr, 2000)).toBe(
      "foresight_env: cannot build my_env:E (at my_env.py:2); install it\nTraceback (most recent call last):\n  File \"my_env.py\", line 2, in <module>\nModuleNotFoundError: No module named 'sim'",
    );
  });
});
