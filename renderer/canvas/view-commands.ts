import { getViewportForBounds, type Edge, type FitViewOptions, type ReactFlowInstance, type Rect, type Viewport } from "@xyflow/react";
import { useEditor } from "../document/editor-store.js";
import type { CanvasNode } from "../document/pipeline.js";
import { CARD, freeSpot, spotBeside, type Area } from "../document/free-spot.js";
import { addNote } from "./canvas-item-edits.js";
import { MIN_ZOOM } from "./compact-cards.js";
import { minimapShown, useWorkspace } from "../workspace/workspace-store.js";

export type Flow = ReactFlowInstance<CanvasNode, Edge>;

/** Cards are read at 100%: fitting one node (or a few) zooms no further in than that. */
const FIT_MAX_ZOOM = 1;
/** What sits over the canvas's corners: the canvas actions (top left), the zoom controls (bottom left), the mini map (bottom right). */
const ACTIONS_HEIGHT = 56;
const CONTROLS_WIDTH = 52;
const MINIMAP = { width: 160 + 30, height: 110 + 30 };
const MARGIN = 24;
/** How long the view takes to scroll a card added below it into view. */
const SCROLL_MS = 250;
/** A new note's size is about this: centred on the view's middle. */
const NOTE_HALF = { x: 130, y: 80 };

/**
 * Room kept free when the graph is fitted, so the mini map never covers a card: beside it or
 * above it, whichever leaves the graph bigger.
 */
function fitPadding(flow: Flow, bounds = flow.getNodesBounds(flow.getNodes())): NonNullable<FitViewOptions["padding"]> {
  const base = { top: ACTIONS_HEIGHT, left: CONTROLS_WIDTH, right: MARGIN, bottom: MARGIN };
  const px = (room: typeof base) => ({ top: `${room.top}px`, left: `${room.left}px`, right: `${room.right}px`, bottom: `${room.bottom}px` }) as const;
  const pane = document.querySelector(".react-flow");
  if (!minimapShown(useWorkspace.getState().minimap, window.innerWidth) || !pane) return px(base);
  const zoom = (room: typeof base) =>
    Math.min((pane.clientWidth - room.left - room.right) / Math.max(bounds.width, 1), (pane.clientHeight - room.top - room.bottom) / Math.max(bounds.height, 1));
  const beside = { ...base, right: MINIMAP.width };
  const above = { ...base, bottom: MINIMAP.height };
  return px(zoom(beside) >= zoom(above) ? beside : above);
}

/** Where the last fit left the view. */
let fitted: Viewport | undefined;

/** Shows the whole pipeline; nothing on an empty canvas (xyflow would keep the request and zoom onto the first node added). */
export function fitAll(flow: Flow, duration = 0): void {
  if (flow.getNodes().length === 0) return;
  void flow.fitView({ padding: fitPadding(flow), maxZoom: FIT_MAX_ZOOM, duration }).then(() => (fitted = flow.getViewport()));
}

/** An empty document's view shows no graph: cards added to it pan the view, the graph is not fitted around them. */
export function forgetFit(): void {
  fitted = undefined;
}

/** Whether the view is where the last fit left it: the user has not panned or zoomed since. */
export function stillFitted(flow: Flow, now = flow.getViewport()): boolean {
  return fitted !== undefined && Math.abs(now.x - fitted.x) < 0.5 && Math.abs(now.y - fitted.y) < 0.5 && Math.abs(now.zoom - fitted.zoom) < 1e-3;
}

/** Brings one node to the middle of the view at a readable zoom. */
export function zoomToNode(flow: Flow, nodeId: string): void {
  void flow.fitView({ nodes: [{ id: nodeId }], padding: fitPadding(flow), maxZoom: FIT_MAX_ZOOM, duration: 250 });
}

/** Lays the graph out in the order data flows (one undo step), then fits it. */
export async function autoLayout(flow: Flow): Promise<void> {
  const { doc, edit } = useEditor.getState();
  // elk is large: load it the first time a layout is asked for.
  const { layeredLayout } = await import("./auto-layout.js");
  // Parallel chains are packed to the canvas's shape, so Fit view afterwards uses its room.
  const pane = document.querySelector(".react-flow");
  const aspectRatio = pane && pane.clientHeight > 0 ? pane.clientWidth / pane.clientHeight : undefined;
  const positions = await layeredLayout(doc.nodes, doc.edges, aspectRatio);
  edit((current) => ({ ...current, nodes: current.nodes.map((node) => ({ ...node, position: positions.get(node.id) ?? node.position })) }));
  requestAnimationFrame(() => fitAll(flow));
}

/** The middle of the canvas, on screen and in flow coordinates. */
export function viewMiddle(flow: Flow): { screen: { x: number; y: number }; flow: { x: number; y: number } } {
  const pane = document.querySelector(".react-flow")!.getBoundingClientRect();
  const screen = { x: pane.left + pane.width / 2, y: pane.top + pane.height / 2 };
  return { screen, flow: flow.screenToFlowPosition(screen) };
}

/** Adds a note in the middle of the view, open for typing (the N key, the desktop's Edit › Add Note). */
export function addNoteInView(flow: Flow): void {
  const middle = viewMiddle(flow);
  addNote({ x: middle.flow.x - NOTE_HALF.x, y: middle.flow.y - NOTE_HALF.y });
}

/**
 * Where a scroll started by addNodeInView is taking the view, until it gets there: a card added
 * meanwhile (quick clicks) is placed in the view the user is about to see, not in one caught mid-scroll.
 * `until` lets it go should the scroll never end (the user pans mid-way: d3 drops it unfinished).
 */
let heading: { viewport: Viewport; until: number } | undefined;

function restingViewport(flow: Flow): Viewport {
  if (heading && performance.now() > heading.until) heading = undefined;
  return heading?.viewport ?? flow.getViewport();
}

/**
 * The part of the view no canvas control covers, in flow coordinates, once the view rests; undefined
 * before the pane is laid out (freeSpot then starts at the origin).
 */
function clearArea(flow: Flow): Area | undefined {
  const pane = document.querySelector(".react-flow");
  if (!pane || pane.clientWidth === 0) return undefined;
  // Pane to flow coordinates, as xyflow's screenToFlowPosition converts them through the current viewport.
  const { x, y, zoom } = restingViewport(flow);
  const left = (CONTROLS_WIDTH - x) / zoom;
  const top = (ACTIONS_HEIGHT - y) / zoom;
  return { x: left, y: top, width: (pane.clientWidth - MARGIN - x) / zoom - left, height: (pane.clientHeight - MARGIN - y) / zoom - top };
}

/**
 * Adds a node of `kind` from the palette: right of the selected card (else of the rightmost), at the nearest
 * free spot, so a pipeline built left to right has its edges run forward; on an empty canvas, in the view
 * below the canvas actions. Then shows the new card (showNewCard). Answers the new node's id.
 */
export function addNodeInView(flow: Flow, kind: string): string | undefined {
  const { nodes } = useEditor.getState().doc;
  const area = clearArea(flow);
  const anchor = rightmost(nodes.filter((node) => node.selected)) ?? rightmost(nodes);
  const spot = anchor ? spotBeside(nodes, anchor.position) : freeSpot(nodes, area);
  const graph = nodes.length > 0 ? flow.getNodesBounds(flow.getNodes()) : undefined;
  const id = useEditor.getState().addNode(kind, spot);
  if (id && area) showNewCard(flow, area, { ...spot, ...CARD }, graph);
  return id;
}

/**
 * Moves the view to a card just added at `card`. A view showing the whole graph (where the last fit left it)
 * is fitted again with the card in it: panning it, at the same zoom, cut off the cards at its far side. Any
 * other view, which the user placed, pans at the same zoom just enough to show the card; it zooms out only
 * where the card alone does not fit.
 */
function showNewCard(flow: Flow, area: Area, card: Rect, graph: Rect | undefined): void {
  const resting = restingViewport(flow);
  const pane = document.querySelector(".react-flow")!;
  const fitTo = (bounds: Rect) => getViewportForBounds(bounds, pane.clientWidth, pane.clientHeight, MIN_ZOOM, FIT_MAX_ZOOM, fitPadding(flow, bounds));
  let viewport: Viewport;
  if (graph && stillFitted(flow, resting)) {
    viewport = fitTo(union(graph, card));
    // Still a fitted view: the next card added is fitted in with this one.
    fitted = viewport;
  } else if (card.width > area.width || card.height > area.height) viewport = fitTo(card);
  else {
    const shift = { x: intoView(card.x, card.width, area.x, area.width), y: intoView(card.y, card.height, area.y, area.height) };
    if (shift.x === 0 && shift.y === 0) return;
    viewport = { x: resting.x + shift.x * resting.zoom, y: resting.y + shift.y * resting.zoom, zoom: resting.zoom };
  }
  scrollTo(flow, viewport);
}

function scrollTo(flow: Flow, viewport: Viewport): void {
  const scroll = { viewport, until: performance.now() + 4 * SCROLL_MS };
  heading = scroll;
  // Linear: xyflow's default glide zooms out and back in on the way. Its promise resolves on the frame
  // that ends the scroll, which under load can come well after SCROLL_MS.
  void flow.setViewport(viewport, { duration: SCROLL_MS, interpolate: "linear" }).then(() => {
    if (heading === scroll) heading = undefined;
  });
}

function union(a: Rect, b: Rect): Rect {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y };
}

function rightmost<T extends { position: { x: number } }>(nodes: readonly T[]): T | undefined {
  return nodes.reduce<T | undefined>((best, node) => (best && best.position.x >= node.position.x ? best : node), undefined);
}

/** How far (flow units) the view must move along one axis to show [start, start + size] within [from, from + room]. */
function intoView(start: number, size: number, from: number, room: number): number {
  if (start + size > from + room) return from + room - (start + size);
  if (start < from) return from - start;
  return 0;
}
