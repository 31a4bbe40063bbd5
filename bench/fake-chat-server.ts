import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local chat-completions server for benchmarks: POST /v1/chat/completions, `n` choices from
 * `answer(prompt, i)`, usage counted, no streaming and no faults (test/fixtures/fake-chat-server.ts
 * is the tests' full one; bench/ is built without test/, so this is a small copy).
 */
export async function startBenchChatServer(answer: (prompt: string, choice: number) => string): Promise<{ url: string; requests(): number; close(): Promise<void> }> {
  let requests = 0;
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let text = "";
    req.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
    req.on("end", () => {
      requests++;
      const body = JSON.parse(text) as { model: string; n?: number; messages: { content: string }[] };
      const prompt = body.messages.map((m) => m.content).join("\n");
      const choices = Array.from({ length: body.n ?? 1 }, (_, index) => ({ index, message: { role: "assistant", content: answer(prompt, index) }, logprobs: null, finish_reason: "stop" }));
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ id: `chatcmpl-${requests}`, object: "chat.completion", created: 0, model: body.model, choices, usage: { prompt_tokens: 50, completion_tokens: 5, total_tokens: 55 } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests: () => requests,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
