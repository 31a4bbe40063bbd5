import { resolve } from "node:path";
import type { ChatRequest } from "../exchange.js";
import type { LlmConnection } from "../params.js";
import { ExchangeFailed, type ChatProvider, type ProviderReply } from "../provider.js";
import { generate } from "./generate.js";
import { ggufFingerprint } from "./gguf-file.js";
import { embeddedModel } from "./llama-runtime.js";

/**
 * A GGUF model run in this process by node-llama-cpp: no server. The file is checked when the node
 * is made (a missing or foreign file fails before the first step); node-llama-cpp and the model load
 * on the first request the cache cannot answer, so a cached rerun loads neither.
 */
export class EmbeddedProvider implements ChatProvider {
  readonly endpoint: string;
  private readonly file: string;

  constructor(
    private readonly p: LlmConnection,
    pipelineDir: string,
    private readonly nodeId: string,
  ) {
    this.file = resolve(pipelineDir, p.model);
    this.endpoint = `embedded:${ggufFingerprint(this.file, `node "${nodeId}", param model`)}`;
  }

  async complete(request: ChatRequest, signal: AbortSignal): Promise<ProviderReply> {
    const where = `node "${this.nodeId}", provider "embedded" (${this.file})`;
    let engine;
    try {
      engine = await embeddedModel(this.file, { contextSize: this.p.contextSize, threads: this.p.threads });
    } catch (error) {
      throw new ExchangeFailed(`${where}: ${(error as Error).message}`, 0, undefined, { cause: error });
    }
    return engine.lock.run(async () => {
      try {
        return { body: await generate(engine, request, signal), tries: 1 };
      } catch (error) {
        throw new ExchangeFailed(`${where}: generation failed: ${(error as Error).message}`, 1, undefined, { cause: error });
      }
    });
  }
}
