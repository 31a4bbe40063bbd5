import { describe, expect, it } from "vitest";
import { CandidateTable, type Cell } from "../../runtime/candidate-table.js";
import type { Environment } from "../../runtime/environment.js";
import type { StepContext } from "../../runtime/node-kind.js";
import { Rng } from "../../runtime/rng.js";
import { createGridWorld } from "../environment/gridworld/index.js";
import { executorKind } from "./index.js";
import { createNode, stepContext } from "../../test/fixtures/node-harness.js";

// An open room: no move from S ends the episode, so selection tests can act freely.
const room = ["#####", "#S..#", "#...#", "#..G#", "#####"];
const longCorridor = ["#######", "#S...G#", "#######"];
const shortCorridor = ["#####", "#S.G#", "#####"];

function gridWorld(layout: readonly string[]): Environment {
  return createGridWorld({ map: "custom", layout, size: 0, slip: 0, gamma: 0.95 });
}

function context(rng = Rng.fromSeed(1)): StepContext {
  return { ...stepContext("executor"), rng };
}

function executor(params: Record<string, unknown>) {
  return createNode(executorKind, params, "executor");
}

function table(columns: Record<string, readonly Cell[]>, actions = [0, 1, 2, 3]): CandidateTable {
  return CandidateTable.of(actions, columns);
}

/** How often each row is chosen over `runs` decisions drawn from one random stream. */
async function choiceFrequencies(params: Record<string, unknown>, candidates: CandidateTable, runs: number): Promise<number[]> {
  const node = await executor(params);
  const env = gridWorld(room);
  const ctx = context();
  const counts = new Array<number>(candidates.size).fill(0);
  for (let i = 0; i < runs; i++) {
    const { decision } = await node.run({ candidates, environment: env.clone() }, ctx);
    counts[decision.index]! += 1;
  }
  return counts.map((c) => c / runs);
}

describe("executor choosing a candidate", () => {
  it("takes the row with the highest score column and marks it selected", async () => {
    const node = await executor({ score: "q" });
    const out = await node.run({ candidates: table({ q: [0.1, 0.7, 0.3, 0.2] }), environment: gridWorld(room) }, context());
    expect(out.decision).toEqual({ index: 1, action: 1, rule: "argmax of q" });
    expect(out.candidates.column("selected")).toEqual([false, true, false, false]);
    expect(out.candidates.column("q")).toEqual([0.1, 0.7, 0.3, 0.2]);
  });

  it("scores with an expression over columns, which can change the choice", async () => {
    const candidates = table({ q: [0.1, 0.9, 0.6, 0.2], risk: [0, 0.4, 0.05, 0] });
    const byQ = await (await executor({ score: "q" })).run({ candidates, environment: gridWorld(room) }, context());
    const byRisk = await (await executor({ score: "q - 2*risk" })).run({ candidates, environment: gridWorld(room) }, context());
    expect(byQ.decision.index).toBe(1);
    expect(byRisk.decision).toEqual({ index: 2, action: 2, rule: "argmax of q - 2*risk" });
  });

  it("counts true as 1 and false as 0 in expressions", async () => {
    const candidates = table({ q: [0.1, 0.9, 0.6, 0.2], irreversible: [false, true, false, false] });
    const out = await (await executor({ score: "q - irreversible" })).run({ candidates, environment: gridWorld(room) }, context());
    expect(out.decision.index).toBe(2);
  });

  it("never chooses a filtered row, however good its score", async () => {
    const candidates = table({ q: [0.1, 0.9, 0.6, 0.2], filtered: [false, true, false, false] });
    for (const select of ["argmax", "softmax", "epsilon-greedy"]) {
      const node = await executor({ select, epsilon: 1, temperature: 100 });
      const ctx = context();
      for (let i = 0; i < 50; i++) {
        const { decision } = await node.run({ candidates, environment: gridWorld(room) }, ctx);
        expect(decision.index).not.toBe(1);
      }
    }
  });

  it("breaks ties in favour of the lowest row", async () => {
    const candidates = table({ q: [0.1, 0.5, 0.2, 0.5], filtered: [false, false, false, false] });
    const out = await (await executor({})).run({ candidates, environment: gridWorld(room) }, context());
    expect(out.decision.index).toBe(1);
    const withFirstFiltered = table({ q: [0.5, 0.5, 0.2, 0.5], filtered: [true, false, false, false] });
    const next = await (await executor({})).run({ candidates: withFirstFiltered, environment: gridWorld(room) }, context());
    expect(next.decision.index).toBe(1);
  });

  it("draws rows about as often as softmax(score / T) says", async () => {
    const q = [0, 1, 2, 0.5];
    const frequencies = await choiceFrequencies({ select: "softmax", temperature: 2 }, table({ q }), 2000);
    const weights = q.map((x) => Math.exp(x / 2));
    const total = weights.reduce((a, b) => a + b, 0);
    frequencies.forEach((f, i) => expect(f).toBeCloseTo(weights[i]! / total, 1));
  });

  it("says which softmax it used", async () => {
    const node = await executor({ select: "softmax", temperature: 1 });
    const { decision } = await node.run({ candidates: table({ q: [0, 1, 2, 3] }), environment: gridWorld(room) }, context());
    expect(decision.rule).toBe("softmax(T=1) of q");
  });

  it("explores with probability ε and exploits otherwise", async () => {
    const candidates = table({ q: [0, 1, 0.2, 0.5] });
    const frequencies = await choiceFrequencies({ select: "epsilon-greedy", epsilon: 0.4 }, candidates, 2000);
    expect(frequencies[1]).toBeCloseTo(0.6 + 0.4 / 4, 1);
    [0, 2, 3].forEach((i) => expect(frequencies[i]).toBeCloseTo(0.1, 1));

    const greedy = await (await executor({ select: "epsilon-greedy", epsilon: 0 })).run(
      { candidates, environment: gridWorld(room) },
      context(),
    );
    expect(greedy.decision).toMatchObject({ index: 1, rule: "epsilon-greedy: argmax of q (ε=0)" });
    const random = await (await executor({ select: "epsilon-greedy", epsilon: 1 })).run(
      { candidates, environment: gridWorld(room) },
      context(),
    );
    expect(random.decision.rule).toBe("epsilon-greedy: random (ε=1)");
  });

  it("chooses the same rows again from the same seed", async () => {
    const candidates = table({ q: [0, 1, 2, 0.5] });
    const run = async () => {
      const node = await executor({ select: "softmax" });
      const ctx = context(Rng.fromSeed(42));
      const picks: number[] = [];
      for (let i = 0; i < 20; i++) picks.push((await node.run({ candidates, environment: gridWorld(room) }, ctx)).decision.index);
      return picks;
    };
    expect(await run()).toEqual(await run());
  });
});

describe("executor acting", () => {
  it("records the state acted in, the reward and the next state", async () => {
    const env = gridWorld(room);
    const before = env.observe();
    const stateText = env.render();
    const { transition } = await (await executor({})).run({ candidates: table({ q: [0, 1, 0, 0] }), environment: env }, context());
    expect(transition).toEqual({
      observation: before,
      stateText,
      action: 1,
      reward: -0.01,
      nextObservation: env.observe(),
      terminated: false,
      truncated: false,
      envSteps: 1,
      info: {},
    });
    expect(transition.nextObservation).not.toEqual(before);
  });

  it("renders the state text on first read, of the state acted in, where the environment renders observations (renderObservation)", async () => {
    for (const batched of [false, true]) {
      let position = 0;
      let rendered = 0;
      const stepped = (action: unknown) => ({ observation: [++position], reward: Number(action), terminated: false, truncated: false, info: {} });
      const env = {
        observe: () => [position],
        render: () => `at ${position}`,
        renderObservation: (observation: unknown) => (rendered++, `at ${JSON.stringify(observation)}`),
        step: stepped,
        ...(batched ? { stepSoon: async (action: unknown) => stepped(action) } : {}),
      } as unknown as Environment;
      const { transition } = await (await executor({})).run({ candidates: table({ q: [0, 1] }, [0, 1]), environment: env }, context());
      expect(rendered).toBe(0);
      // Read as a field like any other: in place among the keys, in JSON, in a spread copy; rendered once.
      expect(Object.keys(transition)).toEqual(["observation", "stateText", "action", "reward", "nextObservation", "terminated", "truncated", "envSteps", "info"]);
      expect(transition.stateText).toBe("at [0]");
      expect(JSON.parse(JSON.stringify(transition)).stateText).toBe("at [0]");
      expect({ ...transition, truncated: true }).toMatchObject({ stateText: "at [0]", nextObservation: [1], truncated: true });
      expect(rendered).toBe(1);
    }
  });

  it("repeats the action for a chunk of 3 and sums the rewards", async () => {
    const env = gridWorld(longCorridor);
    const node = await executor({ chunk: 3 });
    const { transition } = await node.run({ candidates: table({ q: [0, 1, 0, 0] }), environment: env }, context());
    expect(transition.envSteps).toBe(3);
    expect(transition.reward).toBeCloseTo(-0.03, 12);
    expect(transition.terminated).toBe(false);
    expect(env.observe()).toMatchObject({ agent: [1, 4] });
  });

  it("stops a chunk when the episode ends", async () => {
    const env = gridWorld(shortCorridor);
    const node = await executor({ chunk: 3 });
    const { transition } = await node.run({ candidates: table({ q: [0, 1, 0, 0] }), environment: env }, context());
    expect(transition.envSteps).toBe(2);
    expect(transition.reward).toBeCloseTo(0.99, 12);
    expect(transition.terminated).toBe(true);
    expect(transition.info).toMatchObject({ success: true });
  });

  it("does not act when every candidate was filtered, and ends the episode truncated", async () => {
    const env = gridWorld(room);
    const before = env.snapshot();
    const candidates = table({ q: [1, 2, 3, 4], filtered: [true, true, true, true] });
    const out = await (await executor({})).run({ candidates, environment: env }, context());
    expect(env.snapshot()).toEqual(before);
    expect(out.decision).toEqual({ index: -1, action: null, rule: "no candidate left after filtering; episode ended" });
    expect(out.candidates.column("selected")).toEqual([false, false, false, false]);
    expect(out.transition).toMatchObject({
      observation: env.observe(),
      nextObservation: env.observe(),
      stateText: env.render(),
      action: null,
      reward: 0,
      envSteps: 0,
      terminated: false,
      truncated: true,
      info: { endedBy: "every candidate was filtered" },
    });
  });
});

describe("executor score errors", () => {
  it("refuses an expression that does not parse as a params error", () => {
    const result = executorKind.params.safeParse({ score: "q - * risk" });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ["score"], message: expect.stringContaining('score "q - * risk"') });
  });

  it("names the missing column and the available ones", async () => {
    const node = await executor({ score: "q - 2*risk" });
    const candidates = table({ logp: [0, 0, 0, 0], q: [0, 1, 2, 3] });
    await expect((async () => node.run({ candidates, environment: gridWorld(room) }, context()))()).rejects.toThrow('score "q - 2*risk" uses "risk", which is not a column of the candidates (columns: action, logp, q)');
  });

  it("refuses a score that is not a number", async () => {
    const node = await executor({ score: "reason" });
    const candidates = table({ reason: ["a", "b", "c", "d"] });
    await expect((async () => node.run({ candidates, environment: gridWorld(room) }, context()))()).rejects.toThrow(
      'score "reason" gave "a" for candidate row 0, not a number',
    );
  });

  it("refuses a score that is NaN", async () => {
    const node = await executor({ score: "q / q" });
    const candidates = table({ q: [1, 0, 2, 3] });
    await expect((async () => node.run({ candidates, environment: gridWorld(room) }, context()))()).rejects.toThrow(
      'score "q / q" gave NaN for candidate row 1, not a number',
    );
  });

  it("uses a column whose name an expression would split", async () => {
    const node = await executor({ score: "q-value" });
    const { decision } = await node.run({ candidates: table({ "q-value": [0, 0, 5, 1] }), environment: gridWorld(room) }, context());
    expect(decision.index).toBe(2);
  });
});
