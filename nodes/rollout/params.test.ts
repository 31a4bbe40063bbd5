import { describe, expect, it } from "vitest";
import { rolloutParams } from "./params.js";

describe("rollout params", () => {
  it("refuses params that are no object as such, without comparing hold and horizon they lack", () => {
    for (const params of [undefined, null, 3, "horizon"]) expect(rolloutParams.safeParse(params).success).toBe(false);
  });
});
