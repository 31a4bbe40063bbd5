import { createContext, useContext, useEffect, useId, useState } from "react";
import type { JsonSchema } from "./json-schema.js";

/** A change to a value, with the field path that made it (quick edits of one field are one undo step). */
export type Change = (value: unknown, path: string) => void;

// The leaf inputs of the params form: numbers, strings with suggestions, free JSON, and help text.

/** Values to offer for string fields, by field name (e.g. "model" and "path": the model files under the root). */
export const SuggestionsContext = createContext<Record<string, string[]>>({});

/** A field's description, under it; `code` spans (the kinds' descriptions use Markdown's) show as code, not as backticks. */
export function Help({ text, id }: { text: string | undefined; id?: string }) {
  return text ? (
    <small className="help" id={id}>
      <HelpText text={text} />
    </small>
  ) : null;
}

/** Text with `code` spans shown as code; **bold** and _emphasis_ markers dropped (the words stay). */
export function HelpText({ text }: { text: string }) {
  const parts = text.split(/`([^`]+)`/);
  return (
    <>
      {parts.map((part, index) => (index % 2 === 1 ? <code key={index}>{part}</code> : part.replace(/\*\*([^*]+)\*\*|__([^_]+)__/g, "$1$2")))}
    </>
  );
}

/**
 * A field's own errors, under it; the control names them with aria-describedby and is aria-invalid
 * while they show. Several are a list, one per line: run together they read as one sentence.
 */
export function FieldError({ id, messages }: { id: string; messages: readonly string[] }) {
  if (messages.length === 0) return null;
  if (messages.length === 1) {
    return (
      <small className="help error field-error" id={id} role="alert">
        {messages[0]}
      </small>
    );
  }
  return (
    <ul className="help error field-error field-errors" id={id} role="alert">
      {messages.map((message, index) => (
        <li key={index}>{message}</li>
      ))}
    </ul>
  );
}

/** The limits a number field's schema sets. */
export interface NumberLimits {
  integer: boolean;
  min?: number;
  max?: number;
  exclusiveMin?: number;
  exclusiveMax?: number;
}

/** Why `text` is not a value the schema accepts (what it refuses), or undefined when it is. */
export function numberRefusal(text: string, limits: NumberLimits, nullable: boolean): string | undefined {
  if (text.trim() === "") return nullable ? undefined : "a number is needed";
  const number = Number(text);
  if (!Number.isFinite(number)) return `"${text}" is not a number`;
  if (limits.integer && !Number.isInteger(number)) return `${text} is not a whole number`;
  if (limits.min !== undefined && number < limits.min) return `${text} is below the minimum, ${limits.min}`;
  if (limits.max !== undefined && number > limits.max) return `${text} is above the maximum, ${limits.max}`;
  if (limits.exclusiveMin !== undefined && number <= limits.exclusiveMin) return `${text} must be more than ${limits.exclusiveMin}`;
  if (limits.exclusiveMax !== undefined && number >= limits.exclusiveMax) return `${text} must be less than ${limits.exclusiveMax}`;
  return undefined;
}

/**
 * A number field that keeps what is typed ("0.") and follows the document otherwise (undo). What the
 * schema refuses ("abc", -5 under a minimum of 1) never reaches the document: the field says why and
 * the node keeps its last valid value, which the field shows again when left.
 */
export function NumberInput(props: {
  id: string;
  /** Ids of the help and error texts that describe the field. */
  describedBy: string | undefined;
  errorId: string;
  shape: NumberLimits;
  nullable: boolean;
  value: unknown;
  /** Errors validation reported for this field. */
  problems: readonly string[];
  onChange: (value: number | null) => void;
}) {
  const { shape, value } = props;
  const shown = typeof value === "number" ? String(value) : "";
  const [text, setText] = useState(shown);
  const [refusal, setRefusal] = useState<string | undefined>();
  // Follow the document (undo, another field) unless the text already means the same number.
  useEffect(() => setText((current) => (current !== "" && Number(current) === value ? current : shown)), [shown, value]);
  const kept = value === null || value === undefined ? "empty" : String(value);
  const messages = [...(refusal ? [`${refusal}; it stays ${kept}.`] : []), ...props.problems];
  return (
    <>
      <input
        id={props.id}
        // Text, not type=number: a number input hides what was typed ("abc" reads as ""), so it could not say why it refuses it.
        type="text"
        inputMode={shape.integer ? "numeric" : "decimal"}
        aria-describedby={[messages.length > 0 ? props.errorId : undefined, props.describedBy].filter(Boolean).join(" ") || undefined}
        aria-invalid={messages.length > 0}
        placeholder={props.nullable ? "empty" : undefined}
        value={text}
        onChange={(event) => {
          const next = event.target.value;
          setText(next);
          const refused = numberRefusal(next, shape, props.nullable);
          setRefusal(refused);
          if (refused) return;
          props.onChange(next.trim() === "" ? null : Number(next));
        }}
        onBlur={() => {
          // Leaving the field shows the value the node has, so field and card agree; the reason stays.
          if (refusal) setText(shown);
        }}
      />
      <FieldError id={props.errorId} messages={messages} />
    </>
  );
}

export function TextInput({ id, name, helpId, value, placeholder, invalid, onChange }: { id: string; name: string; helpId: string | undefined; value: string; placeholder?: string; invalid?: boolean; onChange: (text: string) => void }) {
  const suggestions = useContext(SuggestionsContext)[name];
  return (
    <>
      <input id={id} type="text" aria-describedby={helpId} aria-invalid={invalid} value={value} placeholder={placeholder} list={suggestions ? `${id}-list` : undefined} onChange={(event) => onChange(event.target.value)} />
      {suggestions && (
        <datalist id={`${id}-list`}>
          {suggestions.map((suggestion) => (
            <option key={suggestion} value={suggestion} />
          ))}
        </datalist>
      )}
    </>
  );
}

/** Anything the form cannot shape (mixed unions, free JSON): edited as JSON text. */
export function JsonField({ name, schema, value, problems = [], onChange, path }: { name: string; schema: JsonSchema; value: unknown; problems?: readonly string[]; onChange: Change; path: string }) {
  const id = useId();
  const shown = value === undefined || value === null ? "" : JSON.stringify(value);
  const [text, setText] = useState(shown);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setText(shown), [shown]);
  const messages = [...(error ? [error] : []), ...problems];
  const description = schema.description as string | undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{name}</label>
      <input
        id={id}
        type="text"
        className="mono"
        value={text}
        placeholder="empty (JSON value)"
        aria-invalid={messages.length > 0}
        aria-describedby={[messages.length > 0 ? `${id}-error` : undefined, description ? `${id}-help` : undefined].filter(Boolean).join(" ") || undefined}
        onChange={(event) => {
          setText(event.target.value);
          if (event.target.value.trim() === "") {
            setError(null);
            onChange(null, path);
            return;
          }
          try {
            onChange(JSON.parse(event.target.value), path);
            setError(null);
          } catch {
            setError("not JSON yet; the node keeps its last value");
          }
        }}
      />
      <FieldError id={`${id}-error`} messages={messages} />
      <Help text={description} id={`${id}-help`} />
    </div>
  );
}
