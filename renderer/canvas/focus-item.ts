/** How many frames to wait for a new card: xyflow keeps one hidden (unfocusable) until it has measured it. */
const FRAMES = 20;

/**
 * Focuses a canvas item's wrapper (xyflow's focusable element) once an overlay or a field over it has
 * closed, so the keyboard goes on from there: from the next frame on, once the card is drawn and
 * shown, and only if focus has not moved on meanwhile (a quick user may have tabbed or clicked to
 * another card; under load that frame can come late).
 */
export function focusItem(itemId: string): void {
  const focused = document.activeElement;
  let frames = 0;
  const tryFocus = () => {
    if (document.activeElement !== focused && document.activeElement !== document.body) return;
    const card = document.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(itemId)}"]`);
    card?.focus();
    if (document.activeElement !== card && ++frames < FRAMES) requestAnimationFrame(tryFocus);
  };
  requestAnimationFrame(tryFocus);
}
