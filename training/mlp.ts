import { z } from "zod";
import type { Rng } from "../runtime/rng.js";
import type { ParameterBlock, Trainable } from "./parameters.js";

/**
 * One fully connected layer. `weights.values` is [inputSize][outputSize] row-major:
 * weights.values[i * outputSize + j] links input i to output j. That is the B operand of
 * ONNX Gemm/MatMul as is (no transpose), and it keeps every inner loop contiguous.
 */
export interface DenseLayer {
  readonly inputSize: number;
  readonly outputSize: number;
  readonly weights: ParameterBlock;
  readonly biases: ParameterBlock;
}

/** The JSON form of an MLP: layer sizes and each layer's weights ([in][out] row-major) and biases. */
export interface MlpJson {
  sizes: number[];
  layers: { weights: number[]; biases: number[] }[];
}

const mlpJsonSchema = z.object({
  sizes: z.array(z.number().int().positive()).min(2),
  layers: z.array(z.object({ weights: z.array(z.number()), biases: z.array(z.number()) })),
});

/**
 * A multilayer perceptron: sizes [in, h1, ..., out], ReLU after every hidden layer, linear output.
 * Batches are row-major Float32Arrays [batchSize][features].
 */
export class Mlp implements Trainable {
  /** Rows the scratch buffers below can hold; they grow to the largest batch seen and are reused. */
  private capacity = 0;
  /** activations[0] is a copy of the input; activations[l + 1] is layer l's output (after ReLU if hidden). */
  private activations: Float32Array[] = [];
  /** deltas[l]: d loss / d (layer l's pre-activation output). */
  private deltas: Float64Array[] = [];
  /** One output row summed in float64, so rounding does not depend on the hidden width. */
  private readonly accumulator: Float64Array;
  /** Batch size of the last forward pass, which backward differentiates. */
  private lastRows = 0;

  private constructor(
    readonly sizes: readonly number[],
    readonly layers: readonly DenseLayer[],
  ) {
    this.accumulator = new Float64Array(Math.max(...sizes));
  }

  /**
   * A freshly initialised net. Hidden layers get He-uniform weights (bound √(6/fan_in)) so ReLU
   * activations keep their scale through depth; the linear output layer gets bound √(3/fan_in)
   * (gain 1) so first predictions are unit-scale. Biases start at zero.
   */
  static create(sizes: readonly number[], rng: Rng): Mlp {
    checkSizes(sizes);
    const layers = layerShapes(sizes).map(([inputSize, outputSize], l) => {
      const bound = Math.sqrt((l < sizes.length - 2 ? 6 : 3) / inputSize);
      const weights = new Float32Array(inputSize * outputSize);
      for (let k = 0; k < weights.length; k++) weights[k] = (2 * rng.float() - 1) * bound;
      return denseLayer(inputSize, outputSize, weights, new Float32Array(outputSize));
    });
    return new Mlp([...sizes], layers);
  }

  /** Rebuilds a net from `toJSON()` output; throws naming the field whose shape is wrong. */
  static fromJSON(json: unknown): Mlp {
    const parsed = mlpJsonSchema.safeParse(json);
    if (!parsed.success) throw new Error(`not an MLP: ${z.prettifyError(parsed.error)}`);
    const { sizes, layers } = parsed.data;
    const shapes = layerShapes(sizes);
    if (layers.length !== shapes.length) {
      throw new Error(`layers has ${layers.length} entries; sizes ${JSON.stringify(sizes)} need ${shapes.length}`);
    }
    const built = shapes.map(([inputSize, outputSize], l) => {
      const { weights, biases } = layers[l]!;
      if (weights.length !== inputSize * outputSize) {
        throw new Error(`layers[${l}].weights has ${weights.length} values; a ${inputSize}→${outputSize} layer needs ${inputSize * outputSize}`);
      }
      if (biases.length !== outputSize) {
        throw new Error(`layers[${l}].biases has ${biases.length} values; a ${inputSize}→${outputSize} layer needs ${outputSize}`);
      }
      return denseLayer(inputSize, outputSize, Float32Array.from(weights), Float32Array.from(biases));
    });
    return new Mlp(sizes, built);
  }

  /** Plain arrays; float32 values survive the JSON round trip exactly. */
  toJSON(): MlpJson {
    return {
      sizes: [...this.sizes],
      layers: this.layers.map((layer) => ({ weights: Array.from(layer.weights.values), biases: Array.from(layer.biases.values) })),
    };
  }

  get inputSize(): number {
    return this.sizes[0]!;
  }

  get outputSize(): number {
    return this.sizes[this.sizes.length - 1]!;
  }

  /** Weights then biases, layer by layer. */
  parameterBlocks(): readonly ParameterBlock[] {
    return this.layers.flatMap((layer) => [layer.weights, layer.biases]);
  }

  /**
   * Outputs [batchSize][outputSize] for `batch` [batchSize][inputSize], as a new array.
   * Keeps the activations for the next `backward` call.
   */
  forward(batch: Float32Array, batchSize: number): Float32Array {
    if (batch.length !== batchSize * this.inputSize) {
      throw new Error(`batch holds ${batch.length} values; ${batchSize} rows of ${this.inputSize} features need ${batchSize * this.inputSize}`);
    }
    this.reserve(batchSize);
    this.activations[0]!.set(batch);
    const last = this.layers.length - 1;
    this.layers.forEach((layer, l) => {
      denseForward(layer, this.activations[l]!, this.activations[l + 1]!, batchSize, l < last, this.accumulator);
    });
    this.lastRows = batchSize;
    return this.activations[last + 1]!.slice(0, batchSize * this.outputSize);
  }

  /**
   * Sets every parameter block's gradients (overwriting, not adding) from d loss / d output
   * of the last forward batch, [batchSize][outputSize].
   */
  backward(dOutput: Float32Array): void {
    const rows = this.lastRows;
    if (rows === 0) throw new Error("backward needs a forward pass first");
    if (dOutput.length !== rows * this.outputSize) {
      throw new Error(`dOutput holds ${dOutput.length} values; the last forward batch had ${rows} rows of ${this.outputSize} outputs`);
    }
    const last = this.layers.length - 1;
    const top = this.deltas[last]!;
    for (let k = 0; k < dOutput.length; k++) top[k] = dOutput[k]!;
    for (let l = last; l >= 0; l--) {
      denseBackward(this.layers[l]!, this.activations[l]!, this.deltas[l]!, l > 0 ? this.deltas[l - 1]! : undefined, rows);
    }
  }

  private reserve(rows: number): void {
    if (rows <= this.capacity) return;
    this.activations = this.sizes.map((width) => new Float32Array(rows * width));
    this.deltas = this.sizes.slice(1).map((width) => new Float64Array(rows * width));
    this.capacity = rows;
  }
}

function checkSizes(sizes: readonly number[]): void {
  if (sizes.length < 2 || !sizes.every((size) => Number.isInteger(size) && size > 0)) {
    throw new Error(`layer sizes must be at least [inputs, outputs], all positive integers; got ${JSON.stringify(sizes)}`);
  }
}

function layerShapes(sizes: readonly number[]): [number, number][] {
  return sizes.slice(1).map((outputSize, l) => [sizes[l]!, outputSize]);
}

function denseLayer(inputSize: number, outputSize: number, weights: Float32Array, biases: Float32Array): DenseLayer {
  return {
    inputSize,
    outputSize,
    weights: { values: weights, gradients: new Float64Array(weights.length), decays: true },
    biases: { values: biases, gradients: new Float64Array(biases.length), decays: false },
  };
}

function denseForward(layer: DenseLayer, input: Float32Array, output: Float32Array, rows: number, relu: boolean, sum: Float64Array): void {
  const { inputSize: n, outputSize: m } = layer;
  const w = layer.weights.values;
  const b = layer.biases.values;
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < m; j++) sum[j] = b[j]!;
    for (let i = 0; i < n; i++) {
      const x = input[r * n + i]!;
      // After a ReLU about half the inputs are exactly zero: skipping them is the cheapest speed-up.
      if (x === 0) continue;
      const row = i * m;
      for (let j = 0; j < m; j++) sum[j] = sum[j]! + x * w[row + j]!;
    }
    for (let j = 0; j < m; j++) {
      const z = sum[j]!;
      output[r * m + j] = relu && z < 0 ? 0 : z;
    }
  }
}

/**
 * Fills the layer's gradients from `delta` (d loss / d its pre-activation output) and, when
 * `below` is given, writes d loss / d the previous layer's pre-activation output into it.
 * `input` is then that layer's post-ReLU output, so input > 0 exactly where the unit was active.
 */
function denseBackward(layer: DenseLayer, input: Float32Array, delta: Float64Array, below: Float64Array | undefined, rows: number): void {
  const { inputSize: n, outputSize: m } = layer;
  const w = layer.weights.values;
  const gw = layer.weights.gradients;
  const gb = layer.biases.gradients;
  gw.fill(0);
  gb.fill(0);
  for (let r = 0; r < rows; r++) {
    const dRow = r * m;
    for (let j = 0; j < m; j++) gb[j] = gb[j]! + delta[dRow + j]!;
    for (let i = 0; i < n; i++) {
      const x = input[r * n + i]!;
      if (x === 0) {
        if (below) below[r * n + i] = 0;
        continue;
      }
      const row = i * m;
      let back = 0;
      for (let j = 0; j < m; j++) {
        const d = delta[dRow + j]!;
        gw[row + j] = gw[row + j]! + x * d;
        back += d * w[row + j]!;
      }
      if (below) below[r * n + i] = back;
    }
  }
}
