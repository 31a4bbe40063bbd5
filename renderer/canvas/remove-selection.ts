import type { Flow } from "./view-commands.js";

/**
 * Deletes the selected nodes and edges (one undo step), and keeps the keyboard on the canvas: focus
 * goes from a removed card or edge to its neighbour of the same sort (the next, else the one before),
 * else to the canvas itself, never to the page (the next Tab would start again from the toolbar).
 * Ours, not xyflow's deleteKeyCode: that one listens on the whole page, so Delete on a palette
 * button removed the selection.
 */
export async function removeSelection(flow: Flow): Promise<void> {
  const nodes = flow.getNodes().filter((node) => node.selected);
  const edges = flow.getEdges().filter((edge) => edge.selected);
  const gone = new Set([...nodes.map((node) => node.id), ...edges.map((edge) => edge.id)]);
  const next = focusAfter(gone);
  await flow.deleteElements({ nodes, edges });
  if (next) requestAnimationFrame(() => (next.isConnected ? next : document.querySelector<HTMLElement>("[data-canvas]"))?.focus());
}

/** Where focus goes once `gone` are removed; null when it is on something that stays. */
function focusAfter(gone: ReadonlySet<string>): HTMLElement | SVGElement | null {
  const canvas = document.querySelector<HTMLElement>("[data-canvas]");
  const focused = document.activeElement?.closest<HTMLElement | SVGElement>(".react-flow__node, .react-flow__edge");
  if (!canvas || !focused) return document.activeElement === document.body ? canvas : null;
  if (!gone.has(focused.dataset["id"] ?? "")) return null;
  const sort = focused.classList.contains("react-flow__node") ? ".react-flow__node" : ".react-flow__edge";
  const siblings = [...canvas.querySelectorAll<HTMLElement | SVGElement>(sort)];
  const at = siblings.indexOf(focused);
  const stays = (item: HTMLElement | SVGElement | undefined) => item !== undefined && !gone.has(item.dataset["id"] ?? "");
  return siblings.slice(at + 1).find(stays) ?? siblings.slice(0, at).reverse().find(stays) ?? canvas;
}
