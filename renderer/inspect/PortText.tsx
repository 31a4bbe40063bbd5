import type { TracedValue } from "../../protocol/index.js";

const MAX_TEXT = 1200;

/** A string at most MAX_TEXT characters long, saying how long it was where cut. */
function cut(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}… (${text.length} characters)` : text;
}

function isMultiLine(value: unknown): value is string {
  return typeof value === "string" && value.includes("\n");
}

/** A plain object (not an array) some of whose fields are text of several lines: the executor's transition, with its page as text. */
function fieldsWithLines(value: TracedValue): [string, unknown][] | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const fields = Object.entries(value);
  return fields.some(([, field]) => isMultiLine(field)) ? fields : null;
}

/**
 * A port value holding text of several lines (a page as text), with its lines as lines rather than
 * `\n` escapes in a JSON string, selectable and copyable; null for any other value (NodeIO shows it as JSON).
 */
export function PortText({ value }: { value: TracedValue }) {
  if (isMultiLine(value)) return <pre className="port-text">{cut(value)}</pre>;
  const fields = fieldsWithLines(value);
  if (!fields) return null;
  return (
    <dl className="port-fields">
      {fields.map(([name, field]) => (
        <div key={name}>
          <dt className="mono">{name}</dt>
          <dd>{isMultiLine(field) ? <pre className="port-text">{cut(field)}</pre> : <span className="mono">{cut(JSON.stringify(field) ?? "undefined")}</span>}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Whether PortText shows this value (else it is a line of JSON). */
export function hasLines(value: TracedValue): boolean {
  return isMultiLine(value) || fieldsWithLines(value) !== null;
}
