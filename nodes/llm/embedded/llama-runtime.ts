import type { ChatWrapper, Llama, LlamaContext, LlamaContextSequence, LlamaGrammar, LlamaGrammarEvaluationState, LlamaModel } from "node-llama-cpp";
import { ConcurrencyLimit } from "../concurrency.js";

type NodeLlamaCpp = typeof import("node-llama-cpp");

/** A GGUF model loaded in this process with one context: what generation needs. */
export interface EmbeddedModel {
  model: LlamaModel;
  context: LlamaContext;
  sequence: LlamaContextSequence;
  /** Formats chat messages as the model was trained to read them (from its own chat template). */
  chatWrapper: ChatWrapper;
  /** One generation at a time on the shared sequence: concurrent requests would interleave their tokens. */
  lock: ConcurrencyLimit;
  /** A fresh parse state of `grammar` (GBNF) for one answer; the grammar is compiled once per process. */
  grammarState(grammar: string): Promise<LlamaGrammarEvaluationState>;
}

/** How a model's context is made; a model shared by nodes with different settings gets one context per setting. */
export interface ContextSettings {
  contextSize: number;
  /** 0: node-llama-cpp's default, as many as the machine has. */
  threads: number;
}

let binding: Promise<{ library: NodeLlamaCpp; llama: Llama }> | undefined;
const models = new Map<string, Promise<LlamaModel>>();
const contexts = new Map<string, Promise<EmbeddedModel>>();
const grammars = new Map<string, Promise<LlamaGrammar>>();

/**
 * node-llama-cpp and llama.cpp's prebuilt CPU binary, loaded on the first embedded generation of the
 * process (no other run pays for them). Never built or downloaded: `build: "never"` (a machine without a
 * prebuilt binary gets an error saying so, not a compiler run), `gpu: false` (CPU results do not depend
 * on the graphics card, so a seed reproduces its answers).
 */
function loadBinding(): Promise<{ library: NodeLlamaCpp; llama: Llama }> {
  return (binding ??= (async () => {
    let library: NodeLlamaCpp;
    try {
      library = await import("node-llama-cpp");
    } catch (error) {
      throw new Error(`node-llama-cpp cannot be loaded (${(error as Error).message}); it is one of Foresight's npm dependencies: npm install node-llama-cpp@3.21.1`, { cause: error });
    }
    try {
      const llama = await library.getLlama({ build: "never", gpu: false, progressLogs: false, logLevel: library.LlamaLogLevel.error });
      return { library, llama };
    } catch (error) {
      throw new Error(
        `node-llama-cpp's prebuilt llama.cpp binary for ${process.platform}-${process.arch} does not load here (${(error as Error).message}); Foresight does not build llama.cpp itself: use the "http" provider with a llama.cpp server instead`,
        { cause: error },
      );
    }
  })());
}

/** The model at `file` with a context of `settings`, loaded once per process and shared by every node naming it. */
export function embeddedModel(file: string, settings: ContextSettings): Promise<EmbeddedModel> {
  const key = `${file}\0${settings.contextSize}\0${settings.threads}`;
  let loading = contexts.get(key);
  if (!loading) {
    loading = (async () => {
      const { library, llama } = await loadBinding();
      let model = models.get(file);
      if (!model) {
        model = llama.loadModel({ modelPath: file });
        models.set(file, model);
      }
      const loaded = await model.catch((error: unknown) => {
        throw new Error(`llama.cpp cannot load ${file}: ${(error as Error).message}`, { cause: error });
      });
      const context = await loaded.createContext({ contextSize: Math.min(settings.contextSize, loaded.trainContextSize), sequences: 1, threads: settings.threads });
      return {
        model: loaded,
        context,
        sequence: context.getSequence(),
        chatWrapper: library.resolveChatWrapper(loaded),
        lock: new ConcurrencyLimit(1),
        async grammarState(text: string) {
          let grammar = grammars.get(text);
          if (!grammar) {
            grammar = llama.createGrammar({ grammar: text });
            grammars.set(text, grammar);
          }
          return new library.LlamaGrammarEvaluationState({ model: loaded, grammar: await grammar });
        },
      };
    })();
    contexts.set(key, loading);
  }
  return loading;
}
