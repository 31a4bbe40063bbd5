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
} from "@xyflow/react";
import { useCallback, useEffect, useMemo, type DragEvent } from "react";
import { useEditor } from "../document/editor-store.js";
import type { PipelineNode } from "../document/pipeline.js";
import { portsOf } from "../document/ports.js";
import { connectionRefusal } from "./connection-rules.js";
import { NodeCard } from "./NodeCard.js";

/** Module level, so xyflow never sees a new object (it would remount every node). */
const nodeTypes: NodeTypes = { pipeline: NodeCard };

/** The mime type a palette entry drags its kind under. */
export const KIND_DRAG_TYPE = "application/x-foresight-kind";

export function Canvas({ loadCount }: { loadCount: number }) {
  const nodes = useEditor((state) => state.doc.nodes);
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
  const flow = useReactFlow<PipelineNode, Edge>();

  const styledEdges = useMemo(() => {
    const typeOf = new Map(edgeTypes.split("\n").map((line) => line.split("\t") as [string, string]));
    return edges.map((edge) => {
      const colour = portColours.get(typeOf.get(edge.id) ?? "");
      return colour ? { ...edge, style: { stroke: colour, strokeWidth: 2 } } : edge;
    });
  }, [edges, edgeTypes, portColours]);

  const isValidConnection = useCallback((connection: Connection | Edge) => {
    const state = useEditor.getState();
    return connectionRefusal(connection, state.doc.nodes, state.doc.edges, state.kinds) === null;
  }, []);

  const onConnectEnd = useCallback((_event: MouseEvent | TouchEvent, connection: FinalConnectionState) => {
    if (connection.isValid || !connection.fromHandle || !connection.toHandle) return;
    const state = useEditor.getState();
    // Normalise to output → input whichever end the drag started from.
    const [from, to] = connection.fromHandle.type === "source" ? [connection.fromHandle, connection.toHandle] : [connection.toHandle, connection.fromHandle];
    const reason = connectionRefusal(
      { source: from.nodeId, sourceHandle: from.id ?? null, target: to.nodeId, targetHandle: to.id ?? null },
      state.doc.nodes,
      state.doc.edges,
      state.kinds,
    );
    if (reason) state.say(reason, "error", "connection");
  }, []);

  const onConnect = useCallback((connection: Connection) => {
    connect(connection);
  }, [connect]);

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

  const autoLayout = useCallback(async () => {
    const { doc, edit } = useEditor.getState();
    // elk is large: load it the first time a layout is asked for.
    const { layeredLayout } = await import("./auto-layout.js");
    const positions = await layeredLayout(doc.nodes, doc.edges);
    edit((current) => ({ ...current, nodes: current.nodes.map((node) => ({ ...node, position: positions.get(node.id) ?? node.position })) }));
    requestAnimationFrame(() => void flow.fitView({ padding: 0.15 }));
  }, [flow]);

  useEffect(() => {
    // A newly opened document: show all of it once its cards have been measured.
    const timer = setTimeout(() => void flow.fitView({ padding: 0.15 }), 60);
    return () => clearTimeout(timer);
  }, [loadCount, flow]);

  return (
    <div className="canvas" onDragOver={onDragOver} onDrop={onDrop}>
      <ReactFlow<PipelineNode, Edge>
        nodes={nodes}
        edges={styledEdges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        onNodeDragStart={checkpoint}
        onSelectionDragStart={checkpoint}
        deleteKeyCode={["Delete", "Backspace"]}
        colorMode="system"
        minZoom={0.2}
        proOptions={{ hideAttribution: true }}
        aria-label="Pipeline canvas"
      >
        <Background gap={20} />
        <Controls showFitView={false} showInteractive={false} />
        <MiniMap pannable zoomable ariaLabel="Mini map" />
        <Panel position="top-left" className="canvas-actions">
          <button type="button" onClick={() => void autoLayout()}>
            Auto layout
          </button>
          <button type="button" onClick={() => void flow.fitView({ padding: 0.15, duration: 200 })}>
            Fit view
          </button>
        </Panel>
      </ReactFlow>
    </div>
  );
}
