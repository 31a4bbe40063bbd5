import { describe, expect, it } from "vitest";
import type { Environment } from "../environment.js";
import { FRAME_LIMIT_BYTES, stepFrame } from "./step-frame.js";

const withFrame = (frame: () => string) => ({ frame }) as unknown as Environment;

describe("a step's traced frame", () => {
  it("is the environment's PNG, or nothing for an environment that renders none", () => {
    expect(stepFrame(withFrame(() => "iVBORw0KGgo="))).toEqual({ png: "iVBORw0KGgo=" });
    expect(stepFrame({} as Environment)).toBeUndefined();
  });

  it("is left out, saying why, when the PNG is over the limit or rendering fails", () => {
    const big = "A".repeat(Math.ceil(((FRAME_LIMIT_BYTES + 1024) * 4) / 3));
    expect(stepFrame(withFrame(() => big))).toEqual({ omitted: "the PNG is 257 KiB, over the 256 KiB limit for traced frames" });
    expect(
      stepFrame(
        withFrame(() => {
          throw new Error("no display");
        }),
      ),
    ).toEqual({ omitted: "rendering failed: no display" });
  });
});
