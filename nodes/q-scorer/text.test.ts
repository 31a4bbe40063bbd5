import { afterAll, describe, expect, it } from "vitest";
import { CandidateTable } from "../../runtime/candidate-table.js";
import { encodeFloatModel } from "../../runtime/inference/float-graph.js";
import { createModelCache } from "../../runtime/inference/model-cache.js";
import { modelFolder } from "../../runtime/inference/testing/models.js";
import { cachedCatalogue } from "../environment/shopping/catalogue.js";
import { bowSize, fnv1a } from "../environment/shopping/encodings.js";
import { searchIndexOf } from "../environment/shopping/search-index.js";
import { ShoppingEnvironment } from "../environment/shopping/shopping.js";
import { stepContext } from "../../test/fixtures/node-harness.js";
import { qScorerKind } from "./index.js";

// Q(s, a) = s·0 + a·w, w = 1 at the bucket of "buy" and 0.5 at that of "search": the Q of a text action
// is read from its bow encoding alone, so the expected values are dot products computed here.
const weights = new Array<number>(bowSize).fill(0);
weights[fnv1a("buy") % bowSize] = 1;
weights[fnv1a("search") % bowSize] = 0.5;
const model = encodeFloatModel({
  inputs: { observation: ["batch", 2 * bowSize], action: ["batch", bowSize] },
  outputs: { q: ["batch", 1] },
  weights: { Ws: { shape: [2 * bowSize, 1], values: new Array<number>(2 * bowSize).fill(0) }, Wa: { shape: [bowSize, 1], values: weights } },
  nodes: [
    { op: "MatMul", inputs: ["observation", "Ws"], outputs: ["qs"] },
    { op: "MatMul", inputs: ["action", "Wa"], outputs: ["qa"] },
    { op: "Add", inputs: ["qs", "qa"], outputs: ["q"] },
  ],
});
const folder = modelFolder({ "text-q.onnx": model });
afterAll(() => folder.remove());

function shop(): ShoppingEnvironment {
  const catalogue = cachedCatalogue(0, 2000);
  const env = ShoppingEnvironment.create({ catalogue, index: searchIndexOf(catalogue), difficulty: "easy" });
  env.reset(4);
  return env;
}

const dot = (a: Float32Array) => a.reduce((sum, x, i) => sum + x * weights[i]!, 0);

async function scorer() {
  const params = qScorerKind.params.parse({ variant: "onnx", model: "text-q.onnx", form: "q-sa", encoding: "bow", actionEncoding: "bow", output: "q" });
  return qScorerKind.create(params, { nodeId: "q", pipelineDir: folder.dir, runDir: folder.dir, runSeed: 1, models: createModelCache({ pipelineDir: folder.dir }), log: () => {} });
}

describe("ONNX Q-scorer on text actions", () => {
  it("scores every candidate text through the environment's action encoding, in one batch", async () => {
    const env = shop();
    const actions = ["search[cotton shirt]", "buy", "back", "search[shirt]"];
    const { candidates } = await (await scorer()).run({ candidates: CandidateTable.of(actions), environment: env }, stepContext("q"));
    const q = candidates.numbers("q");
    actions.forEach((action, i) => expect(q[i]).toBeCloseTo(dot(env.encodeAction("bow", action)), 5));
    // One word of two is "search" (0.5 / √2); "buy" alone is the whole bag.
    expect(q[3]).toBeCloseTo(0.5 / Math.SQRT2, 5);
    expect(q[1]).toBeCloseTo(1, 5);
  });

  it("offers V(s) as the best Q among the actions the shop proposes in each state", async () => {
    const env = shop();
    const { value } = await (await scorer()).run({ candidates: CandidateTable.of(["back"]), environment: env }, stepContext("q"));
    const later = env.clone();
    later.step(env.naiveProposals().actions[0]!);
    const expected = [env, later].map((state) => Math.max(...state.naiveProposals().actions.map((a) => dot(state.encodeAction("bow", a)))));
    const values = await value.values([env, later]);
    expect(values[0]).toBeCloseTo(expected[0]!, 5);
    expect(values[1]).toBeCloseTo(expected[1]!, 5);
  });
});
