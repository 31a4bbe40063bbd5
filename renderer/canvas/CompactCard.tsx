import { Handle, Position } from "@xyflow/react";
import type { CSSProperties } from "react";
import type { OutputPortDescription } from "../../protocol/index.js";
import { NodeBadge } from "./NodeBadge.js";

/**
 * A card as it is drawn zoomed out: the title large beside the kind's colour, the status badge and a
 * dot per port, and nothing else. A few elements instead of the full card's forty: with 500 cards in
 * view every element is paid for on each frame of a pan. The handles keep their ids, test ids and
 * names, so edges stay attached and can still be drawn at this zoom.
 */
export function CompactCard(props: {
  id: string;
  title: string;
  colour: string | undefined;
  problems: string;
  selected: boolean;
  inputs: readonly OutputPortDescription[];
  outputs: readonly OutputPortDescription[];
  portColours: ReadonlyMap<string, string>;
}) {
  const { id, title, colour, problems, selected, inputs, outputs, portColours } = props;
  const rows = Math.max(inputs.length, outputs.length);
  // Room for a dot per port along each side.
  const style = { "--kind": colour, minHeight: `${Math.max(104, 24 + rows * 22)}px` } as CSSProperties;
  const dots = (ports: readonly OutputPortDescription[], type: "target" | "source") =>
    ports.map((port, i) => (
      <Handle
        key={port.name}
        type={type}
        position={type === "target" ? Position.Left : Position.Right}
        id={port.name}
        data-testid={`${type === "target" ? "in" : "out"}:${id}:${port.name}`}
        aria-label={`${type === "target" ? "input" : "output"} ${port.name} (${port.type})`}
        title={`${port.name}: ${port.type}`}
        style={{ "--port": portColours.get(port.type), top: `${(100 * (i + 1)) / (ports.length + 1)}%` } as CSSProperties}
      />
    ));
  return (
    <div
      role="group"
      aria-label={title}
      className={`node-card compact${selected ? " selected" : ""}${problems ? " has-problems" : ""}`}
      title={problems || title}
      data-testid={`node:${id}`}
      style={style}
    >
      <div className="compact-top">
        {problems && (
          <span className="node-card-badge" aria-label="has problems">
            !
          </span>
        )}
        <NodeBadge nodeId={id} />
      </div>
      <strong className="compact-title">{title}</strong>
      {dots(inputs, "target")}
      {dots(outputs, "source")}
    </div>
  );
}
