import { useEditor } from "../document/editor-store.js";

/**
 * Whether keyboard focus reached the canvas item it is on after the selection last changed: Delete then acts
 * on that item, not on the selection (Tab to an edge after selecting a node). The other way round (click a
 * card, then paste: the pasted nodes are selected, focus stays on the card) the selection is the newer choice.
 */
export function focusIsNewerThanSelection(): boolean {
  return focusArrivedAt > selectionChangedAt;
}

let selectionChangedAt = 0;
let focusArrivedAt = 0;

type Selectable = { id: string; selected?: boolean };
const selectedIds = (items: readonly Selectable[]) => items.flatMap((item) => (item.selected ? [item.id] : [])).join("\n");

useEditor.subscribe((state, previous) => {
  const now = state.doc;
  const before = previous.doc;
  if (now.nodes === before.nodes && now.edges === before.edges && now.notes === before.notes && now.groups === before.groups) return;
  const selection = (doc: typeof now) => [doc.nodes, doc.edges, doc.notes, doc.groups].map(selectedIds).join("\t");
  if (selection(now) !== selection(before)) selectionChangedAt = performance.now();
});

if (typeof document !== "undefined") {
  document.addEventListener("focusin", (event) => {
    if (event.target instanceof Element && event.target.closest(".react-flow__node, .react-flow__edge")) focusArrivedAt = performance.now();
  });
}
