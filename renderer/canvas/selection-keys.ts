import type { KeyboardEvent } from "react";
import { useEditor } from "../document/editor-store.js";

/** Clears the whole selection: nodes, notes, groups and edges (Escape). Not an edit. */
export function clearSelection(): void {
  const { doc } = useEditor.getState();
  const unselect = <T extends { selected?: boolean }>(items: T[]): T[] => (items.some((item) => item.selected) ? items.map((item) => (item.selected ? { ...item, selected: false } : item)) : items);
  useEditor.setState({ doc: { ...doc, nodes: unselect(doc.nodes), notes: unselect(doc.notes), groups: unselect(doc.groups), edges: unselect(doc.edges) } });
}

/** Selects this node or note and nothing else (Enter on a card, as a click does). Not an edit. */
export function selectOnly(itemId: string): void {
  const { doc } = useEditor.getState();
  const only = <T extends { id: string; selected?: boolean }>(items: T[]): T[] => items.map((item) => (Boolean(item.selected) === (item.id === itemId) ? item : { ...item, selected: item.id === itemId }));
  useEditor.setState({ doc: { ...doc, nodes: only(doc.nodes), notes: only(doc.notes), groups: only(doc.groups), edges: only(doc.edges) } });
}

/**
 * The canvas's onKeyDownCapture, before xyflow's own keys on a card or edge: Enter or Space on a card
 * selects only it (xyflow kept a multi-selection, so Ctrl+D and Delete went on acting on all of it;
 * Ctrl/Shift+Enter still add to it, xyflow's way), and Escape clears the whole selection and leaves
 * focus where it is (xyflow unselected only the focused item and dropped focus to the page).
 */
export function takeSelectionKeys(event: KeyboardEvent<HTMLElement>): void {
  if (!(event.target instanceof Element) || event.altKey) return;
  const item = event.target.closest<HTMLElement>(".react-flow__node, .react-flow__edge");
  // Keys inside a card (a note being typed into) are its own.
  if (!item || item !== event.target) return;
  const modified = event.ctrlKey || event.metaKey || event.shiftKey;
  if (event.key === "Escape" && !modified) clearSelection();
  else if ((event.key === "Enter" || event.key === " ") && !modified && item.classList.contains("react-flow__node")) {
    const id = item.dataset["id"] ?? "";
    const { doc } = useEditor.getState();
    if (!doc.nodes.some((node) => node.id === id) && !doc.notes.some((note) => note.id === id)) return;
    selectOnly(id);
  } else return;
  event.preventDefault();
  event.stopPropagation();
}
