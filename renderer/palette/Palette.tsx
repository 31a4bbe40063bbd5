import { useReactFlow, type Edge } from "@xyflow/react";
import { useId, useState, type DragEvent, type KeyboardEvent } from "react";
import { useEditor } from "../document/editor-store.js";
import type { CanvasNode } from "../document/pipeline.js";
import { KIND_DRAG_TYPE } from "../canvas/Canvas.js";
import { addNodeInView, type Flow } from "../canvas/view-commands.js";
import { focusItem } from "../canvas/focus-item.js";
import { shortcutLabel, shortcutOf } from "../app/shortcuts.js";
import { kindSummary } from "../document/kind-summary.js";
import "./palette.css";

/**
 * Every node kind the host offers, searchable; click adds one at a free spot in view, drag drops it where wanted.
 * In the search box, as in the Open dialog and the Add node pick, Enter adds the highlighted match (the first
 * unless the arrows moved it) and focuses its card, as the canvas's Add node… does, so `C` connects it at once;
 * Ctrl+Enter adds it and stays in the search, to add several. The box is a combobox naming the match with
 * aria-activedescendant, so a screen reader says each match the arrows reach (on a plain search box it may say nothing).
 */
export function Palette() {
  const catalog = useEditor((state) => state.catalog);
  const flow = useReactFlow<CanvasNode, Edge>();
  const [query, setQuery] = useState("");
  const [active, setActive] = useState<number | null>(null);
  const base = useId();
  const needle = query.trim().toLowerCase();
  const kinds = (catalog?.kinds ?? [])
    .filter((kind) => !needle || kind.title.toLowerCase().includes(needle) || kind.kind.includes(needle) || kind.description.toLowerCase().includes(needle))
    .sort((a, b) => matchRank(a, needle) - matchRank(b, needle));
  // Highlighted once there is something typed or an arrow was pressed, and never past the list's end.
  const highlighted = active === null || kinds.length === 0 ? null : Math.min(active, kinds.length - 1);
  const onSearchKey = (event: KeyboardEvent) => {
    const last = kinds.length - 1;
    if (event.key === "ArrowDown") setActive(highlighted === null || highlighted >= last ? 0 : highlighted + 1);
    else if (event.key === "ArrowUp") setActive(highlighted === null || highlighted <= 0 ? last : highlighted - 1);
    else if (event.key === "Enter") {
      const kind = kinds[highlighted ?? 0];
      const id = kind && addAndSay(flow, kind);
      if (id && shortcutOf(event.nativeEvent, ["palette-add"])) focusItem(id);
    } else return;
    event.preventDefault();
  };
  const onDragStart = (event: DragEvent, kind: string) => {
    event.dataTransfer.setData(KIND_DRAG_TYPE, kind);
    event.dataTransfer.effectAllowed = "copy";
  };
  return (
    <aside className="palette" aria-label="Node palette">
      <h2>Nodes</h2>
      <input
        type="search"
        role="combobox"
        aria-label="Search nodes"
        aria-autocomplete="list"
        aria-expanded={kinds.length > 0}
        placeholder="Search nodes"
        title={`Enter adds the highlighted match and focuses its card; ${shortcutLabel("palette-add-more")} adds it and stays here; ↑ ↓ move`}
        aria-controls={`${base}-kinds`}
        aria-activedescendant={highlighted === null ? undefined : `${base}-${highlighted}`}
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          setActive(event.target.value.trim() ? 0 : null);
        }}
        onKeyDown={onSearchKey}
        onBlur={() => setActive(null)}
      />
      <ul id={`${base}-kinds`}>
        {kinds.map((kind, index) => (
          <li key={kind.kind}>
            <button
              type="button"
              id={`${base}-${index}`}
              className={index === highlighted ? "search-match" : undefined}
              draggable
              aria-label={`Add ${kind.title}`}
              title={kindSummary(kind)}
              onDragStart={(event) => onDragStart(event, kind.kind)}
              onClick={() => addAndSay(flow, kind)}
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

/** Adds a node of `kind` in view and says so in the status line's live region (a screen reader hears it); answers its id. */
function addAndSay(flow: Flow, kind: { kind: string; title: string }): string | undefined {
  const id = addNodeInView(flow, kind.kind);
  if (id) useEditor.getState().say(`Added ${kind.title} (${id})`);
  return id;
}

/** Kinds whose title names the search come before those whose description merely mentions it, so Enter adds the one meant. */
function matchRank(kind: { title: string; kind: string }, needle: string): number {
  if (!needle) return 0;
  const title = kind.title.toLowerCase();
  return title.startsWith(needle) ? 0 : title.includes(needle) || kind.kind.includes(needle) ? 1 : 2;
}
