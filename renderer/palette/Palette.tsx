import { useReactFlow, type Edge } from "@xyflow/react";
import { useState, type DragEvent } from "react";
import { useEditor } from "../document/editor-store.js";
import type { CanvasNode } from "../document/pipeline.js";
import { KIND_DRAG_TYPE } from "../canvas/Canvas.js";
import { addNodeInView } from "../canvas/view-commands.js";
import { kindSummary } from "../document/kind-summary.js";

/** Every node kind the host offers, searchable; click adds one at a free spot in view, drag drops it where wanted. */
export function Palette() {
  const catalog = useEditor((state) => state.catalog);
  const flow = useReactFlow<CanvasNode, Edge>();
  const [query, setQuery] = useState("");
  const needle = query.trim().toLowerCase();
  const kinds = (catalog?.kinds ?? []).filter(
    (kind) => !needle || kind.title.toLowerCase().includes(needle) || kind.kind.includes(needle) || kind.description.toLowerCase().includes(needle),
  );
  const onDragStart = (event: DragEvent, kind: string) => {
    event.dataTransfer.setData(KIND_DRAG_TYPE, kind);
    event.dataTransfer.effectAllowed = "copy";
  };
  return (
    <aside className="palette" aria-label="Node palette">
      <h2>Nodes</h2>
      <input type="search" aria-label="Search nodes" placeholder="Search nodes" value={query} onChange={(event) => setQuery(event.target.value)} />
      <ul>
        {kinds.map((kind) => (
          <li key={kind.kind}>
            <button
              type="button"
              draggable
              aria-label={`Add ${kind.title}`}
              title={kindSummary(kind)}
              onDragStart={(event) => onDragStart(event, kind.kind)}
              onClick={() => addNodeInView(flow, kind.kind)}
            >
              <span className="palette-title">{kind.title}</span>
              <span className="palette-ports">
                {kind.inputs.length} in · {kind.outputs.length} out{kind.role ? ` · ${kind.role}` : ""}
              </span>
            </button>
          </li>
        ))}
        {catalog && kinds.length === 0 && <li className="muted">No node kind matches “{query}”.</li>}
      </ul>
    </aside>
  );
}
