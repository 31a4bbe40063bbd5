import { Handle, Position, useUpdateNodeInternals, type NodeProps } from "@xyflow/react";
import { memo, useEffect, useRef, type CSSProperties } from "react";
import type { PipelineNode } from "../document/pipeline.js";
import { useEditor } from "../document/editor-store.js";
import { kindColour } from "../document/kind-colours.js";
import { kindSummary } from "../document/kind-summary.js";
import { portsOf } from "../document/ports.js";
import { CompactCard } from "./CompactCard.js";
import { useCompactCards } from "./compact-cards.js";
import { NodeBadge } from "./NodeBadge.js";

/** Up to three short params worth seeing on the card (variant, n, map, …). */
function keyParams(params: Record<string, unknown>): string[] {
  const shown: string[] = [];
  for (const [name, value] of Object.entries(params)) {
    if (shown.length === 3) break;
    // Code and other long text would stretch the card: those are for the inspector.
    if (typeof value === "string" && (value.includes("\n") || value.length > 40)) continue;
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") shown.push(`${name}: ${String(value)}`);
    else if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      const inner = Object.values(value).find((v) => typeof v === "string");
      if (typeof inner === "string") shown.push(`${name}: ${inner}`);
    }
  }
  return shown;
}

/**
 * A node on the canvas: kind, title, key params, and its typed ports (inputs left, outputs right);
 * zoomed out, its compact form (CompactCard).
 */
export const NodeCard = memo(function NodeCard({ id, data, selected }: NodeProps<PipelineNode>) {
  const kind = useEditor((state) => state.kinds.get(data.kind));
  const colour = useEditor((state) => kindColour(state.kinds, data.kind));
  const compact = useCompactCards();
  const colours = useEditor((state) => state.portColours);
  const problems = useEditor((state) => problemText(state.problems ?? [], id));
  const { inputs, outputs } = portsOf(kind, data.params);
  // Ports that come from params (a Script's) can change: xyflow must measure the handles again.
  const portsKey = [...inputs, ...outputs].map((port) => `${port.name}:${port.type}`).join(",");
  const updateNodeInternals = useUpdateNodeInternals();
  // Not on mount: xyflow measures new cards itself, and 500 cards each asking would be 500 store updates.
  const measuredPorts = useRef(portsKey);
  useEffect(() => {
    if (measuredPorts.current === portsKey) return;
    measuredPorts.current = portsKey;
    updateNodeInternals(id);
  }, [id, portsKey, updateNodeInternals]);
  if (compact) {
    return <CompactCard id={id} title={data.title} colour={colour} problems={problems} selected={selected} inputs={inputs} outputs={outputs} portColours={colours} />;
  }
  const rows = Math.max(inputs.length, outputs.length);
  return (
    <div
      role="group"
      aria-label={data.title}
      className={`node-card${selected ? " selected" : ""}${problems ? " has-problems" : ""}`}
      title={problems || undefined}
      data-testid={`node:${id}`}
      style={colour ? ({ "--kind": colour } as CSSProperties) : undefined}
    >
      <header className="node-card-header">
        <span className="node-card-kind" title={kind ? kindSummary(kind) : undefined}>
          {kind?.title ?? data.kind}
        </span>
        {problems && (
          <span className="node-card-badge" aria-label="has problems" title={problems}>
            !
          </span>
        )}
        <strong className="node-card-title">{data.title}</strong>
        <span className="node-card-id">{id}</span>
        <NodeBadge nodeId={id} />
      </header>
      <ul className="node-card-params">
        {keyParams(data.params).map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <div className="node-card-ports">
        {Array.from({ length: rows }, (_, row) => {
          const input = inputs[row];
          const output = outputs[row];
          return (
            <div className="node-card-port-row" key={row}>
              {input && (
                <span className="port port-in" title={`${input.name}: ${input.type}${input.required === true ? " (required)" : ""} — ${input.description}`}>
                  <Handle
                    type="target"
                    position={Position.Left}
                    id={input.name}
                    data-testid={`in:${id}:${input.name}`}
                    aria-label={`input ${input.name} (${input.type})`}
                    style={{ "--port": colours.get(input.type) } as CSSProperties}
                  />
                  {input.name}
                </span>
              )}
              {output && (
                <span className="port port-out" title={`${output.name}: ${output.type} — ${output.description}`}>
                  {output.name}
                  <Handle
                    type="source"
                    position={Position.Right}
                    id={output.name}
                    data-testid={`out:${id}:${output.name}`}
                    aria-label={`output ${output.name} (${output.type})`}
                    style={{ "--port": colours.get(output.type) } as CSSProperties}
                  />
                </span>
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
});

function problemText(problems: readonly { nodeId?: string; message: string }[], nodeId: string): string {
  return problems
    .filter((problem) => problem.nodeId === nodeId)
    .map((problem) => problem.message)
    .join("\n");
}
