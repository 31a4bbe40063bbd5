import { afterAll, afterEach, describe, expect, it } from "vitest";
import { createCallBatcher } from "./call-batcher.js";
import { createModelCache, type ModelCache } from "./model-cache.js";
import { linearModel, modelFolder, shapeModel, twoHeadModel } from "./testing/models.js";
import type { FloatTensor, LoadedModel, ModelLoader } from "./types.js";

const folder = modelFolder({ "linear.onnx": linearModel, "two-head.onnx": twoHeadModel, "shape.onnx": shapeModel });
afterAll(() => folder.remove());

let cache: ModelCache;
afterEach(() => cache.dispose());

/** The real cache, counting the ONNX Runtime calls made under the batcher (one wrapper per session, as the cache hands out). */
function countedLoader(): { loader: ModelLoader; calls: () => number } {
  cache = createModelCache({ pipelineDir: folder.dir });
  let calls = 0;
  const wrappers = new Map<LoadedModel, LoadedModel>();
  const loader: ModelLoader = {
    info: (path) => cache.info(path),
    async load(path, options) {
      const model = await cache.load(path, options);
      let wrapper = wrappers.get(model);
      const runNow = model.runNow?.bind(model);
      // Both ways in count: the batcher runs a stacked call at once where the model can.
      if (!wrapper) wrappers.set(model, (wrapper = { ...model, run: (feeds) => (calls++, model.run(feeds)), ...(runNow ? { runNow: (feeds) => (calls++, runNow(feeds)) } : {}) }));
      return wrapper;
    },
  };
  return { loader, calls: () => calls };
}

const rows = (values: number[][]): FloatTensor => ({ data: Float32Array.from(values.flat()), shape: [values.length, values[0]!.length] });

describe("the call batcher", () => {
  it("runs the calls made in one turn as one call and hands each its own rows", async () => {
    const { loader, calls } = countedLoader();
    const model = await createCallBatcher(loader).load("linear.onnx", { provider: "cpu" });
    const before = calls();
    const feeds = [[[1, 0, 0]], [[0, 1, 0], [0, 0, 1]], [[1, 1, 1]]].map((x) => ({ x: rows(x) }));
    const outputs = await Promise.all(feeds.map((feed) => model.run(feed)));
    expect(calls() - before).toBe(1);
    expect(outputs.map((out) => ({ shape: out["y"]!.shape, values: [...out["y"]!.data] }))).toEqual([
      { shape: [1, 2], values: [1.5, 1] },
      { shape: [2, 2], values: [3.5, 3, 5.5, 5] },
      { shape: [1, 2], values: [9.5, 11] },
    ]);
    // The next turn's calls make the next batch.
    await Promise.all([model.run(feeds[0]!), model.run(feeds[2]!)]);
    expect(calls() - before).toBe(2);
  });

  it("stacks only rows of one shape, and a call whose feeds are wrong fails alone", async () => {
    const { loader, calls } = countedLoader();
    const model = await createCallBatcher(loader).load("two-head.onnx", { provider: "cpu" });
    const obs = (length: number, value: number): FloatTensor => ({ data: new Float32Array(length * 4).fill(value), shape: [1, length, 4] });
    const before = calls();
    const [a, b, c] = await Promise.all([model.run({ obs: obs(2, 1) }), model.run({ obs: obs(3, -1) }), model.run({ obs: obs(2, 2) })]);
    // Rows of length 2 went together, the row of length 3 alone.
    expect(calls() - before).toBe(2);
    expect([...a!["doubled"]!.data]).toEqual(new Array(8).fill(2));
    expect([...b!["positive"]!.data]).toEqual(new Array(12).fill(0));
    expect(c!["doubled"]!.shape).toEqual([1, 2, 4]);

    const linear = await createCallBatcher(loader).load("linear.onnx", { provider: "cpu" });
    const settled = await Promise.allSettled([linear.run({ x: rows([[1, 2, 3]]) }), linear.run({ wrong: rows([[1, 2, 3]]) }), linear.run({ x: rows([[1, 2]]) })]);
    expect(settled.map((s) => s.status)).toEqual(["fulfilled", "rejected", "rejected"]);
    expect(String((settled[1] as PromiseRejectedResult).reason)).toMatch(/missing "x".*not inputs of the model: "wrong"/);
    expect(String((settled[2] as PromiseRejectedResult).reason)).toMatch(/input "x" has shape \[1, 2\] but the model expects \[batch, 3\]/);
  });

  it("charges each call its share of the batch's time, by rows, where the caller's view has an account", async () => {
    const { loader, calls } = countedLoader();
    const batcher = createCallBatcher(loader);
    const accounts = [0, 1, 2].map(() => ({ ms: 0, calls: 0 }));
    const views = await Promise.all(accounts.map((account) => batcher.chargingTo(account).load("linear.onnx", { provider: "cpu" })));
    const plain = await batcher.load("linear.onnx", { provider: "cpu" });
    const before = calls();
    const started = performance.now();
    // Charged calls of 1 and 3 rows in one batch with an uncharged call of 4 rows.
    await Promise.all([views[0]!.run({ x: rows([[1, 0, 0]]) }), views[1]!.run({ x: rows([[1, 0, 0], [0, 1, 0], [0, 0, 1]]) }), plain.run({ x: rows([[1, 1, 1], [1, 1, 1], [1, 1, 1], [1, 1, 1]]) })]);
    const elapsed = performance.now() - started;
    expect(calls() - before).toBe(1);
    expect(accounts.map((account) => account.calls)).toEqual([1, 1, 0]);
    expect(accounts[0]!.ms).toBeGreaterThan(0);
    expect(accounts[1]!.ms / accounts[0]!.ms).toBeCloseTo(3, 6);
    // The uncharged call's 4 rows hold the rest of the batch: the two shares are 4/8 of it.
    expect(accounts[0]!.ms + accounts[1]!.ms).toBeLessThan(elapsed / 2);
    // A call alone (no other in its turn) is charged whole.
    await views[2]!.run({ x: rows([[0, 1, 0]]) });
    expect(accounts[2]).toMatchObject({ calls: 1 });
    expect(accounts[2]!.ms).toBeGreaterThan(0);
  });

  it("leaves a model whose outputs do not share the inputs' batch axis as it is", async () => {
    const { loader } = countedLoader();
    const model = await loader.load("shape.onnx", { provider: "cpu" });
    expect(await createCallBatcher(loader).load("shape.onnx", { provider: "cpu" })).toBe(model);
  });

  it("gives each row of the shipped models the same bits stacked as alone (what makes lockstep runs equal serial ones)", async () => {
    cache = createModelCache({ pipelineDir: "assets/models" });
    const batcher = createCallBatcher(cache);
    for (const [file, input, width] of [["gridworld-q.onnx", "observation", 63], ["gridworld-dynamics.onnx", "state_action", 67], ["cartpole-q.onnx", "observation", 4]] as const) {
      const model = await cache.load(file, { provider: "cpu" });
      const stacked = await batcher.load(file, { provider: "cpu" });
      // 64 calls of 16 rows, values as encodings make them: one-hot cells and small reals.
      let seed = 7;
      const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
      const feeds = Array.from({ length: 64 }, () => ({ [input]: { data: Float32Array.from({ length: 16 * width }, () => (next() < 0.2 ? 1 : next() * 2 - 1)), shape: [16, width] } }));
      const together = await Promise.all(feeds.map((feed) => stacked.run(feed)));
      for (let i = 0; i < feeds.length; i++) {
        const alone = await model.run(feeds[i]!);
        for (const name of Object.keys(alone)) expect([...together[i]![name]!.data], `${file} ${name}, call ${i}`).toEqual([...alone[name]!.data]);
      }
    }
  });
});
