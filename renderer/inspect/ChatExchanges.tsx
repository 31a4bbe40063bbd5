import { useId, useState } from "react";
import { counted, shownCount, shownDuration, shownJson, shownNumber, type ChatExchangeReading, type TracedString, type TracedValue } from "../../protocol/index.js";

/** Past this many lines (or characters) a text shows its beginning until asked for the rest. */
const FOLD_LINES = 8;
const FOLD_CHARS = 800;

/**
 * A port's chat exchanges (protocol/chat-exchanges.ts): each request's messages and its answers as
 * text, line breaks kept. A request whose messages are the last one's (n answers asked one request
 * at a time) says so rather than repeating the prompt.
 */
export function ChatExchanges({ name, exchanges, total }: { name: string; exchanges: ChatExchangeReading[]; total: number }) {
  return (
    <div className="chat-exchanges" role="group" aria-label={name}>
      {total > exchanges.length && <p className="muted">The trace kept the first {exchanges.length} of {counted(total, "request")}.</p>}
      {exchanges.map((exchange, index) => (
        <Exchange key={index} exchange={exchange} index={index} total={total} sameAs={sameMessagesAs(exchanges, index)} />
      ))}
    </div>
  );
}

/** The number (from 1) of the earliest request with the same messages as request `index`, if one came before. */
function sameMessagesAs(exchanges: ChatExchangeReading[], index: number): number | undefined {
  const key = JSON.stringify(exchanges[index]!.messages);
  const first = exchanges.findIndex((exchange) => JSON.stringify(exchange.messages) === key);
  return first < index ? first + 1 : undefined;
}

function Exchange({ exchange, index, total, sameAs }: { exchange: ChatExchangeReading; index: number; total: number; sameAs: number | undefined }) {
  const headingId = useId();
  const facts = [
    exchange.model !== null ? `model ${exchange.model}` : null,
    exchange.tokens !== null ? counted(exchange.tokens, "token") : null,
    exchange.cached ? "from the cache" : null,
    exchange.ms !== null ? shownDuration(exchange.ms) : null,
    triesNote(exchange.tries),
  ]
    .filter(Boolean)
    .join(" · ");
  return (
    <article className="chat-exchange" aria-labelledby={headingId}>
      <h4 id={headingId}>
        Request {index + 1} of {total}
        {facts && <span className="muted"> · {facts}</span>}
      </h4>
      {exchange.error !== null && (
        <p className="error">
          {exchange.raw === undefined ? "No reply came" : "No usable answer"}: {exchange.error}
        </p>
      )}
      {sameAs !== undefined ? (
        <p className="muted">The same messages as request {sameAs}.</p>
      ) : (
        exchange.messages.map((message, at) => <ChatText key={at} label={message.role} text={message.text} />)
      )}
      {exchange.answers.map((answer, at) => (
        <ChatText
          key={`answer-${at}`}
          label={exchange.answers.length === 1 ? "answer" : `answer ${at + 1}`}
          alert={answer.read !== null && answer.read.read === null ? `not read: ${answer.read.error}` : undefined}
          note={answerNote(answer)}
          text={answer.text}
          answer
        />
      ))}
      {exchange.raw !== undefined && <ChatText label={exchange.error !== null ? "raw reply" : "response"} text={rawText(exchange.raw)} answer />}
    </article>
  );
}

/** A response as text: a raw reply that was no JSON (or a cut-off one) as it came, else its JSON laid out. */
function rawText(raw: TracedValue): TracedString {
  if (typeof raw === "string") return raw;
  const traced = raw as { $summary?: unknown };
  return traced.$summary === "text" ? (raw as TracedString) : shownJson(raw, 2);
}

/** A sent request's tries, where the client retried it (a 429, a 5xx, a reply cut off): the time shown includes the retries and back-off. */
function triesNote(tries: number | null): string | null {
  return tries !== null && tries > 1 ? `${tries} tries (${counted(tries - 1, "retry", "retries")})` : null;
}

/** What an answer's caption adds: what the node read from it (why nothing is the caption's alert), its log-prob where the server sent token log-probs, and a cut at maxTokens. */
function answerNote(answer: ChatExchangeReading["answers"][number]): string | undefined {
  const read = answer.read?.read != null ? `read as ${answer.read.read}` : null;
  const notes = [read, answer.logp !== null ? `log-prob ${shownNumber(answer.logp)}` : null, answer.finishReason === "length" ? "cut at maxTokens" : null].filter(Boolean);
  return notes.length > 0 ? notes.join(" · ") : undefined;
}

/** A message or an answer: its role as caption, its text as written, folded past a few lines. */
function ChatText({ label, note, alert, text, answer = false }: { label: string; note?: string | undefined; alert?: string | undefined; text: TracedString; answer?: boolean }) {
  const whole = typeof text === "string" ? text : text.head;
  const lines = whole.split("\n").length;
  const long = lines > FOLD_LINES || whole.length > FOLD_CHARS;
  const [open, setOpen] = useState(false);
  return (
    <figure className={answer ? "chat-text chat-answer" : "chat-text"} aria-label={label}>
      <figcaption>
        <span className="mono">{label}</span>
        {alert && <span className="error"> · {alert}</span>}
        {note && <span className="muted"> · {note}</span>}
        {long && (
          <button type="button" className="link" aria-expanded={open} onClick={() => setOpen(!open)}>
            {open ? "Show less" : `Show all ${counted(lines, "line")}`}
          </button>
        )}
      </figcaption>
      <pre className={long && !open ? "mono folded" : "mono"}>
        {whole}
        {typeof text !== "string" && <span className="muted">… ({counted(text.length, "character")}; the trace keeps the first {shownCount(text.head.length)})</span>}
      </pre>
    </figure>
  );
}
