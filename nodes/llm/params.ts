import { z } from "zod";
import { promptTemplate, stateFields } from "./prompt-fields.js";

/**
 * How an LLM node reaches its server and how much of it a run may use: the fields every LLM
 * variant (policy, Q-scorer/judge) shares. The key itself is never a param: only the name of
 * the environment variable that holds it.
 */
export const llmConnectionParams = {
  provider: z
    .enum(["http", "embedded"])
    .default("http")
    .describe("http: an OpenAI-compatible server at baseUrl; embedded: a GGUF model run in this process by node-llama-cpp (no server; model is the file's path)"),
  baseUrl: z
    // Only HTTP: "localhost:8080/v1" parses as a URL of scheme "localhost:", and the client would send nowhere.
    .url({ protocol: /^https?$/, error: "must start with http:// or https://" })
    .default("http://127.0.0.1:8080/v1")
    .describe("Base URL of an OpenAI-compatible chat-completions server (llama.cpp, Ollama, vLLM, LM Studio, a hosted API); the editor asks the user to trust it before a run"),
  model: z
    .string()
    .min(1)
    // A file only for the embedded provider: then a host checks it as it checks an ONNX model's path.
    .meta({ modelPath: { when: { provider: "embedded" } } })
    .default("local")
    .describe("http: the model name sent with every request; embedded: the GGUF file, relative to the pipeline file"),
  apiKeyEnv: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment variable name")
    .default("OPENAI_API_KEY")
    .describe("Name of the environment variable holding the API key (the key is never saved in the file; unset, the placeholder key no-key is sent, which local servers ignore)"),
  system: z.string().meta(promptTemplate(stateFields)).default("").describe("System prompt template ({{observation}}, {{actions}}, … see docs/llm-nodes.md); empty sends no system message"),
  temperature: z.number().min(0).max(2).default(1).describe("Sampling temperature sent to the server"),
  maxTokens: z.number().int().min(1).max(32768).default(64).describe("max_tokens of each completion"),
  stop: z.array(z.string().min(1)).max(4).default([]).describe("Stop strings sent to the server"),
  cacheDir: z
    .string()
    .meta({ folderPath: true })
    .default(".foresight-cache/llm")
    .describe("Folder of cached responses, by request hash, relative to the pipeline file; a rerun with the same seed is answered from it"),
  cache: z.enum(["read-write", "offline", "off"]).default("read-write").describe("read-write: use and fill the cache; offline: a cache miss is an error, nothing is requested; off: always request"),
  stream: z
    .boolean()
    .default(false)
    .describe("Receive each answer as server-sent events while it is generated (for servers that answer best that way); the assembled answer is what is cached and traced, the same as without streaming"),
  timeoutMs: z.number().int().min(100).max(600_000).default(60_000).describe("Timeout of one request attempt, in milliseconds"),
  maxRetries: z.number().int().min(0).max(10).default(3).describe("Retries with back-off after 429 (honouring a Retry-After up to timeoutMs, at most 60 s; a longer one fails at once), 5xx, timeouts and connection errors"),
  concurrency: z.number().int().min(1).max(64).default(4).describe("At most this many requests of this node in flight at once"),
  contextSize: z
    .number()
    .int()
    .min(256)
    .max(131_072)
    .default(4096)
    .describe("embedded: the context window in tokens, prompt and answer together (capped at the model's own)"),
  threads: z
    .number()
    .int()
    .min(0)
    .max(256)
    .default(0)
    .describe("embedded: CPU threads generating (0: as many as the machine has; fewer where other runs share its cores)"),
  maxRequests: z.number().int().min(1).default(10_000).describe("Budget: requests this node may send in one run (cached answers do not count); one more is a node error"),
  maxTotalTokens: z.number().int().min(1).default(2_000_000).describe("Budget: tokens (prompt + completion, as the server reports them) this node may use in one run"),
};

/** The connection fields of an LLM node's params. */
export type LlmConnection = z.output<z.ZodObject<typeof llmConnectionParams>>;
