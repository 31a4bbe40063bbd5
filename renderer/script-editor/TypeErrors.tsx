import { counted } from "../../protocol/index.js";

/** One type error Monaco's TypeScript worker reported. */
export interface ScriptTypeError {
  line: number;
  message: string;
}

/** How many type errors the code has (null: no editor yet), and the first few with their lines. */
export function TypeErrors({ errors }: { errors: ScriptTypeError[] | null }) {
  const text = errors === null ? "Loading…" : errors.length === 0 ? "No type errors" : counted(errors.length, "type error");
  return (
    <div className={`type-errors${errors && errors.length > 0 ? " error" : ""}`} role="status" aria-label="Type errors" data-testid="type-errors">
      <span className="type-errors-count">{text}</span>
      {errors && errors.length > 0 && (
        <ul className="mono">
          {errors.slice(0, 3).map((error, index) => (
            <li key={index}>
              line {error.line}: {error.message.split("\n")[0]}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
