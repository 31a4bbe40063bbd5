import type { Edge } from "@xyflow/react";
import type { CanvasNode } from "../document/pipeline.js";
import { focusIsNewerThanSelection } from "./focus-after-selection.js";
import type { Flow } from "./view-commands.js";

/**
 * Delete: removes the card or edge keyboard focus is on when it is not part of the selection and focus went
 * there after the selection was made (as in VS Code's explorer and Rivet: Tab to an edge, Delete, and that
 * edge goes, not the node selected earlier), else the selection. See removeSelection for where focus goes.
 */
export function removeFocusedOrSelection(flow: Flow): Promise<void> {
  const focused = focusedItem();
  if (!focused || !focusIsNewerThanSelection()) return removeSelection(flow);
  const id = focused.dataset["id"];
  const node = id === undefined || !focused.classList.contains("react-flow__node") ? undefined : flow.getNode(id);
  const edge = id === undefined || node ? undefined : flow.getEdge(id);
  if (node && !node.selected) return removeItems(flow, [node], []);
  if (edge && !edge.selected) return removeItems(flow, [], [edge]);
  return removeSelection(flow);
}

/**
 * Deletes the selected nodes and edges (one undo step), and keeps the keyboard on the canvas: focus
 * goes from a removed card or edge to its neighbour of the same sort (the next, else the one before),
 * else to the canvas itself, never to the page (the next Tab would start again from the toolbar).
 * Ours, not xyflow's deleteKeyCode: that one listens on the whole page, so Delete on a palette
 * button removed the selection.
 */
export function removeSelection(flow: Flow): Promise<void> {
  return removeItems(
    flow,
    flow.getNodes().filter((node) => node.selected),
    flow.getEdges().filter((edge) => edge.selected),
  );
}

async function removeItems(flow: Flow, nodes: CanvasNode[], edges: Edge[]): Promise<void> {
  const gone = new Set([...nodes.map((node) => node.id), ...edges.map((edge) => edge.id)]);
  // A removed node's edges go with it: focus on one of them must move on too.
  for (const edge of flow.getEdges()) if (gone.has(edge.source) || gone.has(edge.target)) gone.add(edge.id);
  const next = focusAfter(gone);
  await flow.deleteElements({ nodes, edges });
  if (next) requestAnimationFrame(() => (next.isConnected ? next : document.querySelector<HTMLElement>("[data-canvas]"))?.focus());
}

/** The card or edge keyboard focus is on, if any. */
function focusedItem(): HTMLElement | SVGElement | null {
  return document.activeElement?.closest<HTMLElement | SVGElement>(".react-flow__node, .react-flow__edge") ?? null;
}

/** Where focus goes once `gone` are removed; null when it is on something that stays. */
function focusAfter(gone: ReadonlySet<string>): HTMLElement | SVGElement | null {
  const canvas = document.querySelector<HTMLElement>("[data-canvas]");
  const focused = focusedItem();
  if (!canvas || !focused) return document.activeElement === document.body ? canvas : null;
  if (!gone.has(focused.dataset["id"] ?? "")) return null;
  const sort = focused.classList.contains("react-flow__node") ? ".react-flow__node" : ".react-flow__edge";
  const siblings = [...canvas.querySelectorAll<HTMLElement | SVGElement>(sort)];
  const at = siblings.indexOf(focused);
  const stays = (item: HTMLElement | SVGElement | undefined) => item !== undefined && !gone.has(item.dataset["id"] ?? "");
  return siblings.slice(at + 1).find(stays) ?? siblings.slice(0, at).reverse().find(stays) ?? canvas;
}
