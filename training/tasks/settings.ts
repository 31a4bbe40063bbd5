/** Knobs every training task shares; the CLI fills them from flags. */
export interface TrainingSettings {
  hidden: readonly number[];
  epochs: number;
  batchSize: number;
  lr: number;
  seed: number;
  /** Share of transitions held out to report a validation loss. */
  validationFraction: number;
  /** Called after every epoch of every stage: progress in [0, 1] and the latest losses. */
  onProgress?: (progress: number, trainLoss: number, validationLoss: number | undefined) => void;
}

/** What a task hands back: the ONNX bytes and the final losses. */
export interface TrainedModel {
  onnx: Uint8Array;
  trainLoss: number;
  validationLoss: number | undefined;
  /** Input and output names, for the pipeline that will use the model. */
  input: string;
  /** Features per row of the input. */
  inputWidth: number;
  outputs: string[];
}
