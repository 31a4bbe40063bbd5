import { describe, expect, it } from "vitest";
import { chatExchangesOf } from "./chat-exchanges.js";
import type { TracedValue } from "./traced-values.js";

const exchange = (choice: Record<string, TracedValue>, usage?: TracedValue): TracedValue => ({
  hash: "h",
  cached: false,
  request: { model: "m", messages: [{ role: "user", content: "State: …" }] },
  response: { choices: [{ message: { role: "assistant", content: "Action: up" }, finish_reason: "stop", ...choice }], ...(usage === undefined ? {} : { usage }) },
});

describe("chat exchanges as the step inspector reads them", () => {
  it("read the tokens the server counted and each answer's summed token log-probs", () => {
    const read = chatExchangesOf([exchange({ logprobs: { content: [{ token: "Action", logprob: -0.25 }, { token: ": up", logprob: -0.5 }] } }, { total_tokens: 55 })]);
    expect(read?.exchanges[0]).toMatchObject({ tokens: 55, answers: [{ text: "Action: up", finishReason: "stop", logp: -0.75 }] });
  });

  it("read none where the server sent none, or the trace cut the token list short", () => {
    expect(chatExchangesOf([exchange({})])?.exchanges[0]).toMatchObject({ tokens: null, answers: [{ logp: null }] });
    const cut = { logprobs: { content: { $summary: "array", length: 300, head: [{ token: "A", logprob: -1 }] } } };
    expect(chatExchangesOf([exchange(cut)])?.exchanges[0]?.answers[0]?.logp).toBeNull();
  });

  it("read a sent request's time and tries, and none for a cached one", () => {
    const sent = { ...(exchange({}) as Record<string, TracedValue>), ms: 1840, tries: 3 };
    expect(chatExchangesOf([sent])?.exchanges[0]).toMatchObject({ ms: 1840, tries: 3 });
    expect(chatExchangesOf([exchange({})])?.exchanges[0]).toMatchObject({ ms: null, tries: null });
  });

  it("read what the node made of each answer: what it took it for, or why nothing", () => {
    const two = { ...(exchange({}) as Record<string, TracedValue>), reads: [{ read: null, error: "names none of the actions (up, down)" }] };
    expect(chatExchangesOf([two])?.exchanges[0]?.answers[0]?.read).toEqual({ read: null, error: "names none of the actions (up, down)" });
    expect(chatExchangesOf([exchange({})])?.exchanges[0]?.answers[0]?.read).toBeNull();
  });
});
