import { useRef, type KeyboardEvent, type PointerEvent } from "react";
import { PANEL_LIMITS, usePanelSize, useWorkspace, type PanelName } from "./workspace-store.js";

/** Which way each panel grows: the palette to the right, the side dock to the left, the bottom dock up. */
const GROWS: Record<PanelName, { axis: "x" | "y"; sign: 1 | -1; grow: string; shrink: string }> = {
  palette: { axis: "x", sign: 1, grow: "ArrowRight", shrink: "ArrowLeft" },
  side: { axis: "x", sign: -1, grow: "ArrowLeft", shrink: "ArrowRight" },
  bottom: { axis: "y", sign: -1, grow: "ArrowUp", shrink: "ArrowDown" },
};

const STEP = 20;
const BIG_STEP = 80;

/**
 * The splitter between the canvas and a panel (the WAI-ARIA window splitter): drag it, or focus it
 * and use the arrows (Shift for bigger steps), Home / End for the smallest / largest size, Enter to
 * fold or unfold. Dragged below half its smallest size, the panel folds away (as VS Code's do).
 */
export function ResizeHandle({ panel, label }: { panel: PanelName; label: string }) {
  const collapsed = useWorkspace((workspace) => workspace[panel].collapsed);
  const size = usePanelSize(panel);
  const drag = useRef<{ pointer: number; size: number } | null>(null);
  const { axis, sign, grow, shrink } = GROWS[panel];
  const { min, max } = PANEL_LIMITS[panel];

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (event.button !== 0) return;
    event.preventDefault();
    event.currentTarget.setPointerCapture(event.pointerId);
    event.currentTarget.focus();
    drag.current = { pointer: axis === "x" ? event.clientX : event.clientY, size: collapsed ? 0 : size };
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    if (!drag.current) return;
    const wanted = drag.current.size + sign * ((axis === "x" ? event.clientX : event.clientY) - drag.current.pointer);
    const workspace = useWorkspace.getState();
    if (wanted < min / 2) workspace.setCollapsed(panel, true);
    else workspace.resize(panel, wanted);
  };
  const onPointerUp = () => {
    drag.current = null;
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const workspace = useWorkspace.getState();
    const step = event.shiftKey ? BIG_STEP : STEP;
    const from = collapsed ? min - step : size;
    if (event.key === grow) workspace.resize(panel, from + step);
    else if (event.key === shrink) {
      if (collapsed) return;
      if (size <= min) workspace.setCollapsed(panel, true);
      else workspace.resize(panel, size - step);
    } else if (event.key === "Home") workspace.resize(panel, min);
    else if (event.key === "End") workspace.resize(panel, max);
    else if (event.key === "Enter") workspace.toggle(panel);
    else return;
    event.preventDefault();
  };

  return (
    <div
      role="separator"
      tabIndex={0}
      aria-label={label}
      aria-orientation={axis === "x" ? "vertical" : "horizontal"}
      aria-valuenow={collapsed ? 0 : size}
      aria-valuemin={0}
      aria-valuemax={max}
      aria-valuetext={collapsed ? "folded" : `${size} pixels`}
      className={`resize-handle resize-${panel}`}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onKeyDown={onKeyDown}
      onDoubleClick={() => useWorkspace.getState().toggle(panel)}
    />
  );
}

/** The three splitters, on the canvas's edges (the canvas touches every panel). */
export function PanelHandles() {
  return (
    <>
      <ResizeHandle panel="palette" label="Resize node palette" />
      <ResizeHandle panel="side" label="Resize side panels" />
      <ResizeHandle panel="bottom" label="Resize run panels" />
    </>
  );
}
