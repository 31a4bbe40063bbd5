import { memo, useState } from "react";
import type { JsonValue } from "../../protocol/index.js";
import type { StepDetail } from "../trace/trace-types.js";

const MAX_TEXT = 1200;

/** A port value in a line or a few: references and summaries (the trace's `$…` objects) in words. */
function describe(value: JsonValue): string {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    if (typeof value.$from === "string") return `← ${value.$from}`;
    if (typeof value.$candidatesFrom === "string")
      return `${value.$candidatesFrom} + columns ${Object.keys((value.columns as Record<string, unknown>) ?? {}).join(", ")}`;
    if (value.$summary === "numbers") return `${String(value.length)} numbers, min ${String(value.min)}, max ${String(value.max)}, mean ${String(value.mean)}`;
    if (value.$summary === "candidates") return `${String(value.length)} candidates (first ${Array.isArray(value.head) ? value.head.length : 0} kept)`;
    for (const key of ["$environment", "$policy", "$valueFunction"]) if (typeof value[key] === "string") return `${key.slice(1)} ${String(value[key])}`;
  }
  if (Array.isArray(value) && value.length > 8 && value.every((item) => item !== null && typeof item === "object" && "action" in item)) return `${value.length} candidate rows`;
  const text = JSON.stringify(value);
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}… (${text.length} characters)` : text;
}

function Ports({ title, values }: { title: string; values: Record<string, JsonValue> | undefined }) {
  const entries = Object.entries(values ?? {});
  if (entries.length === 0) return null;
  return (
    <dl className="ports">
      <dt className="muted">{title}</dt>
      {entries.map(([name, value]) => (
        <dd key={name}>
          <span className="mono port-name">{name}</span> <span className="mono">{describe(value)}</span>
        </dd>
      ))}
    </dl>
  );
}

/** Each node's inputs and outputs at this step, from its node.end event. */
export const NodeIO = memo(function NodeIO({ detail }: { detail: StepDetail }) {
  if (detail.nodes.length === 0) return <p className="muted">No node detail for this step (trace level “steps”, or left out of the live stream).</p>;
  return (
    <ul className="node-io" aria-label="Node inputs and outputs">
      {detail.nodes.map((run, index) => (
        <NodeRunItem key={`${run.node}:${index}`} run={run} />
      ))}
    </ul>
  );
});

/** One node's call; its ports are rendered only while the user has it open. */
function NodeRunItem({ run }: { run: StepDetail["nodes"][number] }) {
  const [open, setOpen] = useState(false);
  return (
    <li>
      <details open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
        <summary>
          <strong>{run.node}</strong> <span className="muted">{run.kind}</span> {run.ms !== undefined && <span className="muted">· {run.ms.toFixed(2)} ms</span>}
          {run.error && <span className="error"> · error: {run.error}</span>}
        </summary>
        {open && (
          <>
            <Ports title="inputs" values={run.inputs} />
            <Ports title="outputs" values={run.outputs} />
          </>
        )}
      </details>
    </li>
  );
}
