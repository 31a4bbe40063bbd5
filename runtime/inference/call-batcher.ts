import { performance } from "node:perf_hooks";
import type { FloatTensor, LoadedModel, ModelInfo, ModelLoader } from "./types.js";

type Feeds = Record<string, FloatTensor>;
type Outputs = Record<string, FloatTensor>;

/**
 * Where a lockstep lane's node is charged for the batched calls it waited on: each call's share of
 * its batch's time (stacking, the ONNX Runtime call, cutting the rows back), by rows. The engine
 * times such a node as its own work plus these shares, not the wait (runtime/engine/step-evaluator.ts).
 */
export interface BatchCharge {
  ms: number;
  calls: number;
}

interface PendingCall {
  feeds: Feeds;
  rows: number;
  charge: BatchCharge | undefined;
  resolve: (outputs: Outputs) => void;
  reject: (error: unknown) => void;
}

/** A loader whose models batch their calls; `chargingTo` gives a node a view that charges it its shares. */
export interface CallBatcher extends ModelLoader {
  chargingTo(charge: BatchCharge): ModelLoader;
}

/**
 * A loader whose models coalesce the calls made in one turn of the event loop into one ONNX
 * Runtime call: lockstep lanes (runtime/engine/lockstep.ts) each call the model for their own
 * state, in the same turn, and one call over all their rows costs little more than one row's.
 * Node kinds see an ordinary LoadedModel. Every loader of a run shares this one, so all lanes'
 * calls to a model meet in the same queue.
 */
export function createCallBatcher(loader: ModelLoader): CallBatcher {
  const batched = new Map<LoadedModel, BatchingModel>();
  const load = async (path: string, options: Parameters<ModelLoader["load"]>[1]): Promise<BatchingModel> => {
    const model = await loader.load(path, options);
    let batching = batched.get(model);
    if (!batching) batched.set(model, (batching = batchingModel(model)));
    return batching;
  };
  return {
    info: (path) => loader.info(path),
    load: async (path, options) => (await load(path, options)).model,
    chargingTo: (charge) => ({
      info: (path) => loader.info(path),
      load: async (path, options) => (await load(path, options)).chargingTo(charge),
    }),
  };
}

/**
 * The named batch axis that every input and output of the model starts with (e.g. "batch"), or
 * undefined. Only then can calls be stacked along the first dim and the outputs cut back by rows;
 * a model with a fixed or unnamed first dim is called as it is.
 */
export function sharedBatchAxis(info: ModelInfo): string | undefined {
  const axis = info.inputs[0]?.shape[0];
  if (typeof axis !== "string") return undefined;
  const all = [...info.inputs, ...info.outputs];
  return all.every((tensor) => tensor.shape[0] === axis) ? axis : undefined;
}

/** A model whose calls wait for the end of the turn and go to ONNX Runtime together. */
interface BatchingModel {
  model: LoadedModel;
  /** The same model, its calls charged to `charge`. */
  chargingTo(charge: BatchCharge): LoadedModel;
}

function batchingModel(model: LoadedModel): BatchingModel {
  if (sharedBatchAxis(model.info) === undefined) return { model, chargingTo: () => model };
  const inputNames = model.info.inputs.map((input) => input.name);
  /** Calls waiting for the end of this turn, by the shape of a row of each input (only equal rows stack). */
  let waiting = new Map<string | number, PendingCall[]>();
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const groups = waiting;
    waiting = new Map();
    for (const calls of groups.values()) runTogether(model, inputNames, calls);
  };
  const viewWith = (charge: BatchCharge | undefined): LoadedModel => ({
    info: model.info,
    provider: model.provider,
    ...(model.note === undefined ? {} : { note: model.note }),
    run(feeds) {
      const key = rowShapeKey(inputNames, feeds);
      // Feeds that do not fit the model's inputs go alone: the model's own check names the mistake.
      if (key === undefined) return model.run(feeds);
      return new Promise<Outputs>((resolve, reject) => {
        const calls = waiting.get(key);
        const call = { feeds, rows: feeds[inputNames[0]!]!.shape[0]!, charge, resolve, reject };
        if (calls) calls.push(call);
        else waiting.set(key, [call]);
        // setImmediate runs after every microtask: the lanes released in this turn have all called by then.
        if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      });
    },
  });
  return { model: viewWith(undefined), chargingTo: viewWith };
}

/**
 * The trailing dims of each input, when the feeds name exactly the model's inputs with one row count; else undefined.
 * One input of rows [n, width] (the usual state batch) keys by the width alone: no string made per call and lane.
 */
function rowShapeKey(inputNames: readonly string[], feeds: Feeds): string | number | undefined {
  if (inputNames.length === 1) {
    const shape = feeds[inputNames[0]!]?.shape;
    if (shape?.length === 2 && onlyKey(feeds, inputNames[0]!)) return shape[1]!;
  }
  if (Object.keys(feeds).length !== inputNames.length) return undefined;
  let rows: number | undefined;
  let key = "";
  for (const name of inputNames) {
    const tensor = feeds[name];
    if (!tensor || tensor.shape.length === 0) return undefined;
    rows ??= tensor.shape[0];
    if (tensor.shape[0] !== rows) return undefined;
    key += `${tensor.shape.slice(1).join("x")};`;
  }
  return key;
}

function runTogether(model: LoadedModel, inputNames: readonly string[], calls: readonly PendingCall[]): void {
  const start = performance.now();
  const total = calls.reduce((sum, call) => sum + call.rows, 0);
  if (calls.length === 1 || total === 0) return alone(model, calls);
  const stacked: Feeds = {};
  for (const name of inputNames) {
    const first = calls[0]!.feeds[name]!;
    const data = new Float32Array((first.data.length / first.shape[0]!) * total);
    let offset = 0;
    for (const call of calls) {
      const part = call.feeds[name]!.data;
      data.set(part, offset);
      offset += part.length;
    }
    stacked[name] = { data, shape: [total, ...first.shape.slice(1)] };
  }
  const answer = (outputs: Outputs) => {
    let row = 0;
    for (const call of calls) {
      call.resolve(rowsOf(outputs, row, call.rows, total));
      row += call.rows;
    }
    // In this turn, before any lane's node goes on: the engine reads the charge as the node's promise settles.
    const ms = performance.now() - start;
    for (const call of calls) if (call.charge) charge(call.charge, (ms * call.rows) / total);
  };
  // A stacked call fails for every lane alike: run each alone, so the error reaches the lanes whose feeds cause it.
  // Where the model answers at once, the lanes hear back in this turn: no promise of its own in between.
  if (!model.runNow) return void model.run(stacked).then(answer, () => alone(model, calls));
  let outputs: Outputs;
  try {
    outputs = model.runNow(stacked);
  } catch {
    return alone(model, calls);
  }
  answer(outputs);
}

/** Each call on its own, charged its own time. */
function alone(model: LoadedModel, calls: readonly PendingCall[]): void {
  for (const call of calls) {
    const start = performance.now();
    model.run(call.feeds).then((outputs) => {
      if (call.charge) charge(call.charge, performance.now() - start);
      call.resolve(outputs);
    }, call.reject);
  }
}

function charge(account: BatchCharge, ms: number): void {
  account.ms += ms;
  account.calls++;
}

/** Whether `name` is the feeds' one key. */
function onlyKey(feeds: Feeds, name: string): boolean {
  let keys = 0;
  for (const key in feeds) if (++keys > 1 || key !== name) return false;
  return keys === 1;
}

/** Rows [from, from + count) of every output (views into the stacked call's arrays, not copies). */
function rowsOf(outputs: Outputs, from: number, count: number, total: number): Outputs {
  const part: Outputs = {};
  for (const name in outputs) {
    const tensor = outputs[name]!;
    // The model checked each output's first dim against the named batch axis, so it has `total` rows.
    const width = tensor.data.length / total;
    const shape = tensor.shape.length === 2 ? [count, tensor.shape[1]!] : [count, ...tensor.shape.slice(1)];
    part[name] = { data: tensor.data.subarray(from * width, (from + count) * width), shape };
  }
  return part;
}
