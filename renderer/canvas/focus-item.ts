/**
 * Focuses a canvas item's wrapper (xyflow's focusable element) once an overlay or a field over it has
 * closed, so the keyboard goes on from there: on the next frame, when a new card is drawn, and only
 * if focus has not moved on by then (a quick user may have tabbed or clicked to another card; under
 * load that frame can come late).
 */
export function focusItem(itemId: string): void {
  const focused = document.activeElement;
  requestAnimationFrame(() => {
    if (document.activeElement !== focused && document.activeElement !== document.body) return;
    document.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(itemId)}"]`)?.focus();
  });
}
