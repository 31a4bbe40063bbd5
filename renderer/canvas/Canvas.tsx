import {
  Background,
  Controls,
  MiniMap,
  Panel,
  ReactFlow,
  useReactFlow,
  type Connection,
  type Edge,
  type FinalConnectionState,
  type NodeTypes,
  type OnConnectStartParams,
} from "@xyflow/react";
import { useCallback, useEffect, useMemo, useRef, type DragEvent, type MouseEvent as ReactMouseEvent } from "react";
import { shortcutLabel } from "../app/shortcuts.js";
import { EDGE_DOM_ATTRIBUTES, tabNodesThenEdges } from "./edge-tab-order.js";
import { takeSelectionKeys } from "./selection-keys.js";
import { SkipGraph } from "./SkipGraph.js";
import { useEditor } from "../document/editor-store.js";
import type { CanvasNode } from "../document/pipeline.js";
import { portsOf } from "../document/ports.js";
import { useMinimapShown, useWorkspace } from "../workspace/workspace-store.js";
import { useCanvasOverlay } from "./canvas-overlay.js";
import { CanvasOverlays, EmptyCanvasHint } from "./CanvasOverlays.js";
import { menuTargetOf } from "./canvas-menus.js";
import { MIN_ZOOM, useRemeasureOnCompact } from "./compact-cards.js";
import { connectionRefusal, refusedDrop, type HandleEnd } from "./connection-rules.js";
import { ConnectionHighlight } from "./ConnectionHighlight.js";
import { GroupFrame } from "./GroupFrame.js";
import { NodeCard } from "./NodeCard.js";
import { NoteCard } from "./NoteCard.js";
import { PortLegend } from "./PortLegend.js";
import { useCanvasNodes } from "./use-canvas-nodes.js";
import { useCanvasShortcuts } from "./use-canvas-shortcuts.js";
import { autoLayout, fitAll, forgetFit, stillFitted, type Flow } from "./view-commands.js";

/** Module level, so xyflow never sees a new object (it would remount every node). */
const nodeTypes: NodeTypes = { pipeline: NodeCard, note: NoteCard, "group-frame": GroupFrame };

/** After a panel is resized or folded, wait this long for the drag to settle before fitting the graph again. */
const REFIT_MS = 120;

/** Says in the status line why a connection between these ends was refused, and what the first end would fit. */
function sayRefusal(from: HandleEnd, to: HandleEnd): void {
  const state = useEditor.getState();
  const message =
    from.type === to.type
      ? `${from.nodeId}.${from.id ?? ""} and ${to.nodeId}.${to.id ?? ""} are both ${from.type === "source" ? "outputs" : "inputs"}: connect an output (right side) to an input (left side)`
      : refusedDrop(from, to, state.doc.nodes, state.doc.edges, state.kinds);
  if (message) state.say(message, "error", "connection");
}

/** The port a clicked element belongs to (xyflow marks each handle with its node, port and side). */
function handleOf(element: Element): HandleEnd | null {
  const handle = element.closest<HTMLElement>(".react-flow__handle");
  const nodeId = handle?.dataset["nodeid"];
  if (!handle || !nodeId) return null;
  return { nodeId, id: handle.dataset["handleid"] ?? null, type: handle.classList.contains("source") ? "source" : "target" };
}

/** The mime type a palette entry drags its kind under. */
export const KIND_DRAG_TYPE = "application/x-foresight-kind";

export function Canvas({ loadCount }: { loadCount: number }) {
  const nodes = useCanvasNodes();
  const edges = useEditor((state) => state.doc.edges);
  const onNodesChange = useEditor((state) => state.onNodesChange);
  const onEdgesChange = useEditor((state) => state.onEdgesChange);
  const connect = useEditor((state) => state.connect);
  const checkpoint = useEditor((state) => state.checkpoint);
  const portColours = useEditor((state) => state.portColours);
  // A string, not the nodes: edge colours change only when an edge's source port type does.
  const edgeTypes = useEditor((state) => {
    const nodesById = new Map(state.doc.nodes.map((node) => [node.id, node]));
    return state.doc.edges
      .map((edge) => {
        const source = nodesById.get(edge.source);
        const port = source && portsOf(state.kinds.get(source.data.kind), source.data.params).outputs.find((p) => p.name === edge.sourceHandle);
        return `${edge.id}\t${port?.type ?? ""}`;
      })
      .join("\n");
  });
  const flow = useReactFlow<CanvasNode, Edge>();

  const styledEdges = useMemo(() => {
    const typeOf = new Map(edgeTypes.split("\n").map((line) => line.split("\t") as [string, string]));
    // Named by its ports, as its context menu is: xyflow's own name ("Edge from sampler to q") names only the nodes.
    return edges.map((edge) => {
      const colour = portColours.get(typeOf.get(edge.id) ?? "");
      return { ...edge, ariaLabel: `Edge ${edge.id}`, domAttributes: EDGE_DOM_ATTRIBUTES, ...(colour ? { style: { stroke: colour, strokeWidth: 2 } } : {}) };
    });
  }, [edges, edgeTypes, portColours]);

  const isValidConnection = useCallback((connection: Connection | Edge) => {
    const state = useEditor.getState();
    return connectionRefusal(connection, state.doc.nodes, state.doc.edges, state.kinds) === null;
  }, []);

  const onConnectEnd = useCallback((_event: MouseEvent | TouchEvent, connection: FinalConnectionState) => {
    if (connection.isValid || !connection.fromHandle || !connection.toHandle) return;
    sayRefusal(connection.fromHandle, connection.toHandle);
  }, []);

  // Click one port, then another: xyflow tells neither end to onClickConnectEnd, so the start is kept here and the end read from the clicked handle.
  const clickStart = useRef<HandleEnd | null>(null);
  const onConnect = useCallback((connection: Connection) => {
    clickStart.current = null; // made, not refused (xyflow calls this before onClickConnectEnd)
    connect(connection);
  }, [connect]);
  const onClickConnectStart = useCallback((_event: MouseEvent | TouchEvent, start: OnConnectStartParams) => {
    clickStart.current = start.nodeId && start.handleType ? { nodeId: start.nodeId, id: start.handleId, type: start.handleType } : null;
  }, []);
  const onClickConnectEnd = useCallback((event: MouseEvent | TouchEvent) => {
    const from = clickStart.current;
    clickStart.current = null;
    const to = event.target instanceof Element ? handleOf(event.target) : null;
    if (from && to) sayRefusal(from, to);
  }, []);


  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(KIND_DRAG_TYPE)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const kind = event.dataTransfer.getData(KIND_DRAG_TYPE);
      if (!kind) return;
      event.preventDefault();
      useEditor.getState().addNode(kind, flow.screenToFlowPosition({ x: event.clientX, y: event.clientY }));
    },
    [flow],
  );

  useEffect(() => {
    // A newly opened document: show all of it once its cards have been measured. Not an empty one (New):
    // a card added meanwhile is placed by the view as it is, which a late fit would then move.
    if (useEditor.getState().doc.nodes.length === 0) {
      forgetFit();
      return;
    }
    const timer = setTimeout(() => fitAll(flow), 60);
    return () => clearTimeout(timer);
  }, [loadCount, flow]);
  useRefitAfter(flow, onLayoutChange, fitToNewRoom);
  useRefitAfter(flow, onWindowResize, fitIfStillFitted);
  useCanvasShortcuts(flow);
  useRemeasureOnCompact();
  const minimap = useMinimapShown();
  const openOverlay = useCanvasOverlay((state) => state.open);

  const onNodeContextMenu = useCallback(
    (event: ReactMouseEvent, node: CanvasNode) => {
      event.preventDefault();
      const target = menuTargetOf(node.id);
      // As in ComfyUI and VS Code's explorer: a node's menu acts on what was right-clicked, selected first when it was not.
      if (target.type === "node" && !node.selected) useEditor.getState().select(node.id);
      openOverlay({ type: "menu", target, x: event.clientX, y: event.clientY });
    },
    [openOverlay],
  );
  const onEdgeContextMenu = useCallback(
    (event: ReactMouseEvent, edge: Edge) => {
      event.preventDefault();
      openOverlay({ type: "menu", target: { type: "edge", edgeId: edge.id }, x: event.clientX, y: event.clientY });
    },
    [openOverlay],
  );
  const onPaneContextMenu = useCallback(
    (event: MouseEvent | ReactMouseEvent) => {
      event.preventDefault();
      const at = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      openOverlay({ type: "menu", target: { type: "canvas", at }, x: event.clientX, y: event.clientY });
    },
    [flow, openOverlay],
  );
  // Double-click on empty canvas: node search, adding there (ComfyUI's gesture). xyflow's zoom on double-click is off for it.
  const onDoubleClick = useCallback(
    (event: ReactMouseEvent) => {
      if (!(event.target instanceof Element) || !event.target.classList.contains("react-flow__pane")) return;
      openOverlay({ type: "add-node", at: flow.screenToFlowPosition({ x: event.clientX, y: event.clientY }) });
    },
    [flow, openOverlay],
  );

  return (
    <div className="canvas" data-canvas tabIndex={-1} onKeyDown={tabNodesThenEdges} onKeyDownCapture={takeSelectionKeys} onDragOver={onDragOver} onDrop={onDrop} onDoubleClick={onDoubleClick}>
      <SkipGraph />
      <ReactFlow<CanvasNode, Edge>
        nodes={nodes}
        edges={styledEdges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        onClickConnectStart={onClickConnectStart}
        onClickConnectEnd={onClickConnectEnd}
        isValidConnection={isValidConnection}
        onNodeDragStart={checkpoint}
        onSelectionDragStart={checkpoint}
        onNodeContextMenu={onNodeContextMenu}
        onEdgeContextMenu={onEdgeContextMenu}
        onPaneContextMenu={onPaneContextMenu}
        zoomOnDoubleClick={false}
        deleteKeyCode={null}
        colorMode="system"
        minZoom={MIN_ZOOM}
        proOptions={{ hideAttribution: true }}
        aria-label="Pipeline canvas"
      >
        <Background gap={20} />
        <Controls showFitView={false} showInteractive={false} />
        {/* Over an empty canvas the mini map is an empty box; the hint says what to do instead. */}
        {minimap && nodes.length > 0 && <MiniMap pannable zoomable ariaLabel="Mini map" />}
        <Panel position="top-left" className="canvas-actions">
          <button type="button" onClick={() => void autoLayout(flow)}>
            Auto layout
          </button>
          <button type="button" title={`Fit view (${shortcutLabel("fit-view")})`} onClick={() => fitAll(flow, 200)}>
            Fit view
          </button>
          <button type="button" aria-pressed={minimap} title={minimap ? "Hide the mini map" : "Show the mini map"} onClick={() => useWorkspace.getState().setMinimap(!minimap)}>
            Mini map
          </button>
          <button type="button" title={`Find a node (${shortcutLabel("find")})`} onClick={() => openOverlay({ type: "find" })}>
            Find
          </button>
        </Panel>
        <PortLegend />
        {nodes.length === 0 && <EmptyCanvasHint />}
      </ReactFlow>
      <ConnectionHighlight />
      <CanvasOverlays flow={flow} />
    </div>
  );
}

/** Calls `changed` on every change of the panels' layout (a panel moved or folded, the mini map toggled); answers the unsubscribe. */
const onLayoutChange = (changed: () => void) => useWorkspace.subscribe(changed);

/** Calls `changed` on every resize of the window; answers the unsubscribe. */
function onWindowResize(changed: () => void): () => void {
  window.addEventListener("resize", changed);
  return () => window.removeEventListener("resize", changed);
}

/** The canvas has its new size once the grid has taken it (and xyflow has seen it): fit the graph to its new room. */
const fitToNewRoom = (flow: Flow) => requestAnimationFrame(() => fitAll(flow));

/**
 * A view still where the last fit left it is fitted to its new room (a smaller window would
 * otherwise leave cards under the mini map or out of view); one the user panned or zoomed stays
 * where they put it.
 */
const fitIfStillFitted = (flow: Flow) => stillFitted(flow) && fitAll(flow);

/** Refits the graph with `refit` once the canvas's size stops changing (REFIT_MS after the last change `listen` reports). */
function useRefitAfter(flow: Flow, listen: (changed: () => void) => () => void, refit: (flow: Flow) => unknown): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stopListening = listen(() => {
      clearTimeout(timer);
      timer = setTimeout(() => refit(flow), REFIT_MS);
    });
    return () => {
      clearTimeout(timer);
      stopListening();
    };
  }, [flow, listen, refit]);
}
