import { createRequire } from "node:module";
import { env, type InferenceSession, type Tensor } from "onnxruntime-node";

/**
 * An ONNX Runtime session run synchronously. onnxruntime-node's `InferenceSession.run` defers
 * every call with setImmediate (its dist/backend.js) although its native session runs on the
 * calling thread anyway: each model call then waits for a turn of the event loop, which cost a
 * serial run more than the call itself (an 81→64→64→4 MLP: ~9 µs of work, ~20 µs a step). This
 * talks to that native session directly, as onnxruntime-node's own session handler does: the same
 * session options, the same errors, no turn. It reaches into onnxruntime-node's dist/binding.js
 * (1.30): an upgrade that moves it fails the model tests at once.
 */
export interface OrtSession {
  /** Every output by name. */
  run(feeds: Record<string, Tensor>): Record<string, unknown>;
  release(): void;
}

interface NativeSession {
  loadModel(path: string, options: InferenceSession.SessionOptions): void;
  readonly outputMetadata: readonly { name: string }[];
  run(feeds: Record<string, Tensor>, fetches: Record<string, null>, options: object): Record<string, unknown>;
  dispose(): void;
}

interface OrtBinding {
  binding: { InferenceSession: new () => NativeSession };
  initOrt(): void;
}

const require = createRequire(import.meta.url);
let ort: OrtBinding | undefined;

/** Opens `file` with `options` (providers already resolved: onnxruntime-node would drop unlisted ones with a warning). */
export function openNativeSession(file: string, options: InferenceSession.SessionOptions): OrtSession {
  ort ??= require("onnxruntime-node/dist/binding.js") as OrtBinding;
  // Read once, by ONNX Runtime's first start: a missing CUDA download is an expected fallback, told in
  // open-session.ts's note, that onnxruntime would also print to stderr as an error. Its real failures
  // still reach the user as thrown errors.
  env.logLevel = "fatal";
  ort.initOrt();
  const session = new ort.binding.InferenceSession();
  session.loadModel(file, options);
  const fetches: Record<string, null> = {};
  for (const output of session.outputMetadata) fetches[output.name] = null;
  const runOptions = {};
  return {
    run: (feeds) => session.run(feeds, fetches, runOptions),
    release: () => session.dispose(),
  };
}
