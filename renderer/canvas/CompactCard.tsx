import { Handle, Position, useStore, type ReactFlowState } from "@xyflow/react";
import type { CSSProperties } from "react";
import type { OutputPortDescription } from "../../protocol/index.js";
import { NodeBadge } from "./NodeBadge.js";

/**
 * Below this zoom the badge's 24 px time is under 10 px on screen: only its dot shows (the time in its tooltip),
 * as xyflow's contextual-zoom example hides detail. Fit view of a template gives about 0.43 at 1440×900, where the
 * time reads at 10.3 px, and 0.34 at 1280×720, where it would read at 8 px (it was 18 px: 7.7 and 6.2 px).
 */
export const BADGE_TEXT_FROM_ZOOM = 0.42;
const badgeTextReadable = (state: ReactFlowState) => state.transform[2] >= BADGE_TEXT_FROM_ZOOM;

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
  // Changes only as the zoom crosses the threshold: a pan re-renders no card.
  const badgeText = useStore(badgeTextReadable);
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
        <NodeBadge nodeId={id} text={badgeText} />
      </div>
      <strong className="compact-title">{title}</strong>
      {dots(inputs, "target")}
      {dots(outputs, "source")}
    </div>
  );
}
