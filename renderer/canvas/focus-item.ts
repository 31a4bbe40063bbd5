/** Focuses a canvas item's wrapper (xyflow's focusable element), so the keyboard goes on from there. */
export function focusItem(itemId: string): void {
  requestAnimationFrame(() => document.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(itemId)}"]`)?.focus());
}
