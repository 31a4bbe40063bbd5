import { describe, expect, it } from "vitest";
import { createGridWorld } from "../environment/gridworld/create.js";
import { actionLabels } from "./prompt-fields.js";
import { parseAction } from "./action-parser.js";

const gridworld = createGridWorld({ map: "custom", layout: ["S.G"], size: 9, slip: 0, gamma: 0.99 });
const index = (label: string) => actionLabels(gridworld).indexOf(label);

describe("reading a discrete action from an answer", () => {
  it("takes the last Action: line, so an answer recalling an earlier action is read by its own", () => {
    expect(parseAction("Previous action: left failed.\nAction: right", gridworld)).toEqual({ action: index("right"), error: null });
  });

  it("falls back to an earlier Action: line when the last names no action", () => {
    expect(parseAction("Action: up\nAction: wait and see", gridworld)).toEqual({ action: index("up"), error: null });
  });

  it("still reads the one label an answer without an Action: line mentions", () => {
    expect(parseAction("I would go down here.", gridworld)).toEqual({ action: index("down"), error: null });
  });
});
