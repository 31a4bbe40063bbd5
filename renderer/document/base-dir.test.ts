import { describe, expect, it } from "vitest";
import type { PipelineDocument } from "../../protocol/index.js";
import { rebaseOntoRoot } from "./base-dir.js";

const doc = (baseDir?: string) => ({ format: "foresight.pipeline", version: 2, name: "p", nodes: [], edges: [], ...(baseDir === undefined ? {} : { baseDir }) }) as unknown as PipelineDocument;

describe("a run folder's pipeline copy rebased onto the root", () => {
  it("resolves the copy's baseDir from the run folder", () => {
    expect(rebaseOntoRoot(doc("../../examples"), "runs/vgps-1").baseDir).toBe("examples");
    expect(rebaseOntoRoot(doc("../../a/./b/"), "runs/x").baseDir).toBe("a/b");
    expect(rebaseOntoRoot(doc(), "runs/x").baseDir).toBe("runs/x");
  });
  it("drops a baseDir that becomes the root, and keeps absolute and outside ones", () => {
    expect("baseDir" in rebaseOntoRoot(doc("../.."), "runs/x")).toBe(false);
    expect(rebaseOntoRoot(doc("/data/models"), "runs/x").baseDir).toBe("/data/models");
    expect(rebaseOntoRoot(doc("../examples"), "/home/me/runs/x").baseDir).toBe("/home/me/runs/examples");
    expect(rebaseOntoRoot(doc("../../../up"), "runs/x").baseDir).toBe("../up");
  });
});
