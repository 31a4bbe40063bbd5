import { useStore, type ReactFlowState } from "@xyflow/react";
import { useMemo } from "react";
import { useEditor } from "../document/editor-store.js";
import { portsOf } from "../document/ports.js";
import { compatiblePorts, type PortEnd } from "./connection-rules.js";

/**
 * The handle a connection is being drawn from (by a drag, or a click on a first handle) as one
 * string, "" when none: the selector's answer changes only when a connection starts or ends, not
 * at each pointer move, so nothing re-renders while the line follows the pointer.
 */
function drawingFrom(state: ReactFlowState): string {
  const from = state.connection.fromHandle ?? state.connectionClickStartHandle;
  return from ? [from.type, from.nodeId, from.id ?? ""].join("\n") : "";
}

/** A handle on the canvas, by its node, port and side (the attributes xyflow gives every handle). */
function handleSelector(end: PortEnd): string {
  return `.canvas .react-flow__handle.${end.side === "input" ? "target" : "source"}[data-nodeid="${CSS.escape(end.nodeId)}"][data-handleid="${CSS.escape(end.port)}"]`;
}

/**
 * While an edge is being drawn: every port it could end on (connection-rules' compatiblePorts) gets
 * a green ring, every other port is dimmed, and the legend marks the port type. One style sheet
 * written when the drag starts instead of a prop on each card: at 500 cards no card re-renders, and
 * a card that changes form mid-drag (zoom) is highlighted too. The hovered end's green or red is
 * xyflow's `valid` class on it (styles.css).
 */
export function ConnectionHighlight() {
  const from = useStore(drawingFrom);
  const css = useMemo(() => {
    if (!from) return "";
    const [type, nodeId = "", port = ""] = from.split("\n");
    const start: PortEnd = { nodeId, port, side: type === "source" ? "output" : "input" };
    const { doc, kinds } = useEditor.getState();
    const node = doc.nodes.find((candidate) => candidate.id === nodeId);
    const ports = node ? portsOf(kinds.get(node.data.kind), node.data.params) : undefined;
    const portType = (start.side === "output" ? ports?.outputs : ports?.inputs)?.find((candidate) => candidate.name === port)?.type;
    const fits = compatiblePorts(start, doc.nodes, doc.edges, kinds).map(handleSelector);
    return [
      // Dimmed by colour, not opacity: a colour is repainted in place, while each of 2,500 handles
      // below full opacity is one more effect for the compositor to track. The hovered port is left to
      // its green or red (styles.css).
      ".canvas .react-flow__handle:not(.connectingto) { background: color-mix(in srgb, var(--port, var(--muted)) 22%, var(--card)); }",
      `${[handleSelector(start), ...fits].map((selector) => `${selector}:not(.connectingto)`).join(",\n")} { background: var(--port, var(--muted)); }`,
      fits.length > 0 ? `${fits.join(",\n")} { box-shadow: 0 0 0 var(--fit-ring, 4px) var(--ok); }` : "",
      portType ? `.port-legend li[data-type="${CSS.escape(portType)}"] { font-weight: 700; background: color-mix(in srgb, var(--ok) 18%, transparent); }` : "",
    ].join("\n");
  }, [from]);
  return css ? <style data-testid="connection-highlight">{css}</style> : null;
}
