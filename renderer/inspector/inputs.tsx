import { createContext, useContext, useEffect, useId, useState } from "react";
import type { JsonSchema } from "./json-schema.js";

/** A change to a value, with the field path that made it (quick edits of one field are one undo step). */
export type Change = (value: unknown, path: string) => void;

// The leaf inputs of the params form: numbers, strings with suggestions, free JSON, and help text.

/** Values to offer for string fields, by field name (e.g. "model" and "path": the model files under the root). */
export const SuggestionsContext = createContext<Record<string, string[]>>({});

/** A field's description, under it. */
export function Help({ text, id }: { text: string | undefined; id?: string }) {
  return text ? (
    <small className="help" id={id}>
      {text}
    </small>
  ) : null;
}

/** A number field that keeps what is typed ("0.") and follows the document otherwise (undo). */
export function NumberInput(props: {
  id: string;
  helpId: string | undefined;
  shape: { integer: boolean; min?: number; max?: number; exclusiveMin?: number; exclusiveMax?: number };
  nullable: boolean;
  value: unknown;
  onChange: (value: number | null) => void;
}) {
  const { shape, value } = props;
  const shown = typeof value === "number" ? String(value) : "";
  const [text, setText] = useState(shown);
  // Follow the document (undo, another field) unless the text already means the same number.
  useEffect(() => setText((current) => (current !== "" && Number(current) === value ? current : shown)), [shown, value]);
  return (
    <input
      id={props.id}
      type="number"
      aria-describedby={props.helpId}
      step={shape.integer ? 1 : "any"}
      min={shape.min ?? shape.exclusiveMin}
      max={shape.max ?? shape.exclusiveMax}
      placeholder={props.nullable ? "empty" : undefined}
      value={text}
      onChange={(event) => {
        const next = event.target.value;
        setText(next);
        if (next.trim() === "") {
          if (props.nullable) props.onChange(null);
          return;
        }
        const number = Number(next);
        if (Number.isFinite(number)) props.onChange(number);
      }}
    />
  );
}

export function TextInput({ id, name, helpId, value, placeholder, onChange }: { id: string; name: string; helpId: string | undefined; value: string; placeholder?: string; onChange: (text: string) => void }) {
  const suggestions = useContext(SuggestionsContext)[name];
  return (
    <>
      <input id={id} type="text" aria-describedby={helpId} value={value} placeholder={placeholder} list={suggestions ? `${id}-list` : undefined} onChange={(event) => onChange(event.target.value)} />
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
export function JsonField({ name, schema, value, onChange, path }: { name: string; schema: JsonSchema; value: unknown; onChange: Change; path: string }) {
  const id = useId();
  const shown = value === undefined || value === null ? "" : JSON.stringify(value);
  const [text, setText] = useState(shown);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setText(shown), [shown]);
  return (
    <div className="field">
      <label htmlFor={id}>{name}</label>
      <input
        id={id}
        type="text"
        className="mono"
        value={text}
        placeholder="empty (JSON value)"
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
            setError("not JSON yet");
          }
        }}
      />
      {error && <small className="help error">{error}</small>}
      <Help text={schema.description as string | undefined} />
    </div>
  );
}
