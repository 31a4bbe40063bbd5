import type { ParameterBlock, Trainable } from "./parameters.js";

/** Adam's settings; β1, β2 and ε default to the paper's 0.9, 0.999 and 1e-8. */
export interface AdamOptions {
  lr: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /**
   * Decoupled weight decay (AdamW): each step shrinks decaying weights by lr·weightDecay·w,
   * apart from the gradient moments, so it regularises evenly whatever a weight's gradient scale.
   */
  weightDecay?: number;
}

/** Adam over a model's parameter blocks, updating their values in place from their gradients. */
export class Adam {
  lr: number;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;
  private readonly weightDecay: number;
  private readonly blocks: readonly ParameterBlock[];
  private readonly firstMoments: Float64Array[];
  private readonly secondMoments: Float64Array[];
  private steps = 0;

  constructor(model: Trainable, options: AdamOptions) {
    this.lr = options.lr;
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
    this.weightDecay = options.weightDecay ?? 0;
    this.blocks = model.parameterBlocks();
    this.firstMoments = this.blocks.map((block) => new Float64Array(block.values.length));
    this.secondMoments = this.blocks.map((block) => new Float64Array(block.values.length));
  }

  /** One update from the gradients the model's blocks hold now. */
  step(): void {
    this.steps++;
    const { beta1, beta2, epsilon, lr } = this;
    // Bias correction: the moments start at zero, so early averages underestimate.
    const firstCorrection = 1 - beta1 ** this.steps;
    const secondCorrection = 1 - beta2 ** this.steps;
    this.blocks.forEach((block, index) => {
      const m = this.firstMoments[index]!;
      const v = this.secondMoments[index]!;
      const { values, gradients } = block;
      const shrink = block.decays ? 1 - lr * this.weightDecay : 1;
      for (let k = 0; k < values.length; k++) {
        const g = gradients[k]!;
        const mk = beta1 * m[k]! + (1 - beta1) * g;
        const vk = beta2 * v[k]! + (1 - beta2) * g * g;
        m[k] = mk;
        v[k] = vk;
        values[k] = values[k]! * shrink - (lr * (mk / firstCorrection)) / (Math.sqrt(vk / secondCorrection) + epsilon);
      }
    });
  }
}
