import type { KeyboardEvent } from "react";

/**
 * Spread into every edge's `domAttributes`: out of the browser's Tab order (xyflow draws the edge layer
 * before the nodes, so a keyboard user met every edge before the first card) but still focusable, with
 * xyflow's keys (Enter selects, then Delete removes it).
 */
export const EDGE_DOM_ATTRIBUTES = { tabIndex: -1 } as const;

/**
 * The canvas's Tab order: its nodes, then its edges, then what follows. The canvas's onKeyDown: Tab from
 * the last stop among the nodes goes to the first edge, on through the edges, and from the last edge on
 * as from the last node; Shift+Tab walks back the same way (from what follows the nodes to the last edge).
 */
export function tabNodesThenEdges(event: KeyboardEvent<HTMLElement>): void {
  if (event.key !== "Tab" || event.ctrlKey || event.metaKey || event.altKey || !(event.target instanceof Element)) return;
  const edges = [...event.currentTarget.querySelectorAll<SVGGElement>(".react-flow__edge")];
  const stops = tabStops(event.currentTarget);
  const lastNodeStop = stops.findLast((stop) => stop.closest(".react-flow__nodes"));
  if (edges.length === 0 || !lastNodeStop) return;
  const afterNodes = stops[stops.indexOf(lastNodeStop) + 1];
  const at = edges.indexOf(event.target.closest<SVGGElement>(".react-flow__edge")!);
  let next: HTMLElement | SVGGElement | undefined;
  if (at < 0) next = event.shiftKey ? (event.target === afterNodes ? edges.at(-1) : undefined) : event.target === lastNodeStop ? edges[0] : undefined;
  else if (event.shiftKey) next = at > 0 ? edges[at - 1] : lastNodeStop;
  else if (at < edges.length - 1) next = edges[at + 1];
  else {
    // Past the last edge: the browser moves on from the last node, to what follows the canvas's nodes.
    lastNodeStop.focus({ preventScroll: true });
    return;
  }
  if (!next) return;
  event.preventDefault();
  next.focus();
}

/** The elements under `root` that Tab stops at, in document order. */
export function tabStops(root: Element): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>("*")].filter((element) => element.tabIndex >= 0 && !(element as HTMLButtonElement).disabled && element.getClientRects().length > 0);
}
