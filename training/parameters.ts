/**
 * One tensor of trainable values with the gradient of the loss with respect to it.
 * Gradients are float64 because they are sums over a batch; values stay float32,
 * the precision the model is stored and exported in.
 */
export interface ParameterBlock {
  readonly values: Float32Array;
  readonly gradients: Float64Array;
  /** Whether weight decay applies (weights yes, biases no: decaying a bias only shifts the output). */
  readonly decays: boolean;
}

/** Anything an optimizer can update: a fixed list of parameter blocks, in a stable order. */
export interface Trainable {
  parameterBlocks(): readonly ParameterBlock[];
}
