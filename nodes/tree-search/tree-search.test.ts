import { describe, expect, it } from "vitest";
import type { SearchTreeNode, TracedSearchTree } from "../../protocol/traced-values.js";
import { CandidateTable, type Cell } from "../../runtime/candidate-table.js";
import type { Action, Environment } from "../../runtime/environment.js";
import type { ValueFunction } from "../../runtime/ports.js";
import { createNode, stepContext } from "../../test/fixtures/node-harness.js";
import { createGridWorld } from "../environment/gridworld/index.js";
import { Frontier } from "./frontier.js";
import { treeSearchKind } from "./index.js";

const [up, right, down, left] = [0, 1, 2, 3];

/** A GridWorld that fails the test if any copy of it is stepped with an action it declares irreversible. */
function guarded(layout: readonly string[], stepped: Action[] = []): Environment {
  const guard = (env: Environment): Environment =>
    new Proxy(env, {
      get(target, key, receiver) {
        if (key === "clone") return () => guard(target.clone());
        if (key === "step")
          return (action: Action) => {
            if (target.isIrreversible?.(action)) throw new Error(`the search stepped into an irreversible action (${target.describeAction(action)})`);
            stepped.push(action);
            return target.step(action);
          };
        const value = Reflect.get(target, key, receiver);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  const env = createGridWorld({ map: "custom", layout, size: 0, slip: 0, gamma: 0.99 });
  env.reset(1);
  return guard(env);
}

/** V(s) = the best exact Q (value iteration), so open states are estimated exactly. */
const exactValue: ValueFunction = { name: "max exact Q", values: (states) => states.map((s) => Math.max(...s.exactQ!())) };

async function search(params: Record<string, unknown>, env: Environment, actions: Action[], value?: ValueFunction, columns: Record<string, Cell[]> = {}) {
  const node = await createNode(treeSearchKind, params, "search");
  const out = await node.run({ candidates: CandidateTable.of(actions, columns), environment: env, policy: undefined, value }, stepContext("search"));
  return { candidates: out.candidates, tree: out.tree as TracedSearchTree };
}

function walk(tree: SearchTreeNode, visit: (node: SearchTreeNode) => void): void {
  visit(tree);
  for (const child of tree.children ?? []) walk(child, visit);
}

describe("the frontier", () => {
  it("hands out the highest priority first, equal ones in the order they came", () => {
    const frontier = new Frontier<string>();
    for (const [item, priority] of [["a", 1], ["b", 3], ["c", 1], ["d", 3], ["e", 2]] as const) frontier.push(item, priority);
    expect(Array.from({ length: 5 }, () => frontier.pop())).toEqual(["b", "d", "e", "a", "c"]);
    expect(frontier.pop()).toBeUndefined();
  });
});

describe("tree search", () => {
  // Lava on the direct way down; the goal around it.
  const detour = ["S..", "L..", "G.."];

  it("finds the way round the lava without ever simulating the step into it", async () => {
    const stepped: Action[] = [];
    const { candidates, tree } = await search({ maxNodes: 200, maxDepth: 6, discount: 0.9 }, guarded(detour, stepped), [down, right, up, left]);
    expect(stepped.length).toBeGreaterThan(10);
    expect(candidates.column("irreversible")).toEqual([true, false, false, false]);
    const values = candidates.numbers("search_value");
    // Right, then down twice and left twice reaches the goal: the best of the three simulated moves.
    expect(values[1]).toBeGreaterThan(values[2]!);
    expect(values[1]).toBeGreaterThan(values[3]!);
    expect(tree.$searchTree).toBe("best-first");
    const states: string[] = [];
    walk(tree.root, (node) => states.push(node.state));
    expect(states).toContain("irreversible");
    expect(states).toContain("ended");
  });

  it("values an irreversible candidate by its prior column, since it is never simulated", async () => {
    const { candidates } = await search({ maxNodes: 20 }, guarded(detour), [down, right], undefined, { q: [-0.75, 0.5] });
    expect(candidates.column("search_value")![0]).toBe(-0.75);
    expect(candidates.column("search_nodes")![0]).toBe(0);
  });

  it("ranks an irreversible move it has no prior for below every move it simulated: a first step always, one below without a value input", async () => {
    // Every step costs (GridWorld's −0.01): valued at the return so far, 0, the step into lava looked best.
    const { candidates, tree } = await search({ maxNodes: 30, maxDepth: 4 }, guarded(detour), [down, right, up, left]);
    const values = candidates.column("search_value") as number[];
    expect(values[0]).toBe(-Infinity);
    expect(Math.max(...values.slice(1))).toBeGreaterThan(-Infinity);
    const irreversible: SearchTreeNode[] = [];
    walk(tree.root, (node) => node.state === "irreversible" && irreversible.push(node));
    expect(irreversible.length).toBeGreaterThan(1);
    for (const node of irreversible) expect(node.value).toBeNull();
    walk(tree.root, (node) => node.state === "expanded" && expect(node.value).not.toBeNull());
    // A learned V(s) of the current state is the best move's value, not the unsimulated one's.
    const valued = await search({ maxNodes: 30, maxDepth: 4 }, guarded(detour), [down, right, up, left], exactValue);
    expect(valued.candidates.column("search_value")![0]).toBe(-Infinity);
  });

  it("simulates exactly its budget of states, the candidates' first steps included (each of them always)", async () => {
    const field = ["S.....", "......", "......", ".....G"];
    for (const [maxNodes, simulated] of [[1, 2], [10, 10], [41, 41], [48, 48]]) {
      const stepped: Action[] = [];
      const { tree, candidates } = await search({ maxNodes, maxDepth: 10 }, guarded(field, stepped), [right, down], exactValue);
      expect(stepped.length, `maxNodes ${maxNodes}`).toBe(simulated);
      expect(tree.nodes).toBe(simulated);
      expect(tree.stoppedBy).toBe("budget");
      expect(candidates.numbers("search_nodes").reduce((a, b) => a + b, 0)).toBe(simulated);
    }
  });

  it("expands by estimate (best-first) or by return so far plus estimate (A*), the same way every time", async () => {
    const field = ["S.....", "......", "......", ".....G"];
    const orders = async (algorithm: string) => {
      const { tree } = await search({ algorithm, maxNodes: 30, maxDepth: 10, stepCost: 0.05 }, guarded(field), [right, down, left, up], exactValue);
      const expanded: string[] = [];
      walk(tree.root, (node) => node.expanded !== undefined && expanded.push(`${node.expanded}:${node.action ?? "root"}`));
      return expanded.sort((a, b) => parseInt(a) - parseInt(b)).join(" ");
    };
    const bestFirst = await orders("best-first");
    expect(await orders("best-first")).toBe(bestFirst);
    expect(await orders("a-star")).not.toBe(bestFirst);
  });

  it("leads the executor towards the goal: the best search value is a move that gets closer", async () => {
    const { candidates } = await search({ maxNodes: 64 }, guarded(["S....", ".....", "....G"]), [up, right, down, left], exactValue);
    const values = candidates.numbers("search_value");
    const best = values.indexOf(Math.max(...values));
    expect([right, down]).toContain(best);
  });

  it("never simulates a filtered candidate: an answer that named no action, or one a filter removed", async () => {
    const stepped: Action[] = [];
    const unparsed = "I think I should do something else";
    const { candidates, tree } = await search({ maxNodes: 1 }, guarded(["S..", "...", "..G"], stepped), [right, unparsed, down], undefined, {
      filtered: [false, true, true],
    });
    expect(stepped).toEqual([right]);
    expect(tree.root.children?.map((child) => child.action)).toEqual(["right"]);
    expect(candidates.column("search_value")).toEqual([expect.any(Number), null, null]);
    expect(candidates.column("search_nodes")).toEqual([1, 0, 0]);
    expect(candidates.column("irreversible")).toEqual([false, null, null]);
  });

  it("needs a policy to search a space it cannot list", async () => {
    const env = guarded(["S.G"]);
    const box = new Proxy(env, { get: (target, key) => (key === "actionSpace" ? { kind: "box", shape: [1], low: -1, high: 1 } : Reflect.get(target, key)) });
    await expect(search({ maxNodes: 10 }, box, [right])).rejects.toThrow(/every action.*box action space; connect a policy/);
  });
});
