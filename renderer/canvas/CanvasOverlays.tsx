import { useId, useMemo } from "react";
import { ShortcutHelp } from "../app/ShortcutHelp.js";
import { shortcutLabel } from "../app/shortcuts.js";
import { useEditor } from "../document/editor-store.js";
import { nearestFreeSpot } from "../document/free-spot.js";
import { useCanvasOverlay } from "./canvas-overlay.js";
import { menuFor } from "./canvas-menus.js";
import { ContextMenu } from "./ContextMenu.js";
import { focusItem } from "./focus-item.js";
import { edgeType, insertNodeIntoEdge, insertPorts, possibleConnections } from "./graph-edits.js";
import { QuickPick, type PickItem } from "./QuickPick.js";
import { zoomToNode, type Flow } from "./view-commands.js";
import "./empty-canvas-hint.css";

/** Whatever is open over the canvas: the find box, node search, the port list, a context menu, the shortcut list. */
export function CanvasOverlays({ flow }: { flow: Flow }) {
  const overlay = useCanvasOverlay((state) => state.overlay);
  const close = useCanvasOverlay((state) => state.close);
  if (!overlay) return null;
  if (overlay.type === "shortcuts") return <ShortcutHelp onClose={close} />;
  if (overlay.type === "find") return <FindNode flow={flow} onClose={close} />;
  if (overlay.type === "add-node") return <AddNode at={overlay.at} edgeId={overlay.edgeId} flow={flow} onClose={close} />;
  if (overlay.type === "connect") return <ConnectNode nodeId={overlay.nodeId} onClose={close} />;
  const { label, actions } = menuFor(overlay.target, flow);
  return <ContextMenu label={label} actions={actions} x={overlay.x} y={overlay.y} onClose={close} />;
}

function FindNode({ flow, onClose }: { flow: Flow; onClose: () => void }) {
  const nodes = useEditor((state) => state.doc.nodes);
  const kinds = useEditor((state) => state.kinds);
  const items = useMemo<PickItem[]>(
    () =>
      nodes.map((node) => ({
        id: node.id,
        label: node.data.title,
        detail: `${node.id} · ${kinds.get(node.data.kind)?.title ?? node.data.kind}`,
        keywords: node.data.kind,
      })),
    [nodes, kinds],
  );
  return (
    <QuickPick
      title="Find node"
      placeholder="Node id, title or kind"
      items={items}
      empty={nodes.length === 0 ? "The canvas has no nodes yet." : "No node matches."}
      onClose={onClose}
      onPick={(item) => {
        onClose();
        useEditor.getState().select(item.id);
        zoomToNode(flow, item.id);
        focusItem(item.id);
      }}
    />
  );
}

function AddNode({ at, edgeId, flow, onClose }: { at: { x: number; y: number }; edgeId?: string; flow: Flow; onClose: () => void }) {
  const catalog = useEditor((state) => state.catalog);
  const items = useMemo<PickItem[]>(() => {
    const type = edgeId ? edgeType(edgeId) : undefined;
    return (catalog?.kinds ?? [])
      .filter((kind) => !edgeId || (type !== undefined && insertPorts(kind, type) !== null))
      .map((kind) => ({ id: kind.kind, label: kind.title, detail: kind.description, keywords: `${kind.kind} ${kind.role ?? ""}` }));
  }, [catalog, edgeId]);
  const screen = edgeId ? undefined : flow.flowToScreenPosition(at);
  return (
    <QuickPick
      title={edgeId ? "Insert node" : "Add node"}
      placeholder="Search node kinds"
      items={items}
      empty={edgeId ? "No node kind takes and gives this edge's type." : "No node kind matches."}
      at={screen}
      onClose={onClose}
      onPick={(item) => {
        onClose();
        const id = edgeId ? insertNodeIntoEdge(item.id, edgeId) : useEditor.getState().addNode(item.id, nearestFreeSpot(useEditor.getState().doc.nodes, at));
        if (id) focusItem(id);
      }}
    />
  );
}

function ConnectNode({ nodeId, onClose }: { nodeId: string; onClose: () => void }) {
  const items = useMemo<PickItem[]>(
    () => possibleConnections(nodeId).map((possible) => ({ id: possible.label, label: possible.label, detail: possible.type, keywords: possible.type })),
    [nodeId],
  );
  return (
    <QuickPick
      title={`Connect ${nodeId}`}
      placeholder="Port or node"
      items={items}
      empty={`No free port of another node matches a port of ${nodeId}.`}
      onClose={onClose}
      onPick={(item) => {
        onClose();
        const chosen = possibleConnections(nodeId).find((possible) => possible.label === item.id);
        if (!chosen) return;
        useEditor.getState().connect(chosen.connection);
        useEditor.getState().say(`Connected ${chosen.label}`);
        focusItem(nodeId);
      }}
    />
  );
}

/** What to do on an empty canvas, with the app's own keys (as VS Code's empty editor says); Canvas shows it while nothing is on it. */
export function EmptyCanvasHint() {
  const titleId = useId();
  return (
    <div className="empty-canvas-hint" role="note" aria-labelledby={titleId}>
      <div>
        <h2 id={titleId}>This pipeline has no nodes yet</h2>
        <p>
          Open a pipeline or a template (<kbd>{shortcutLabel("open")}</kbd>), or drag a node kind here from the palette (<kbd>{shortcutLabel("toggle-palette")}</kbd>{" "}
          shows it).
        </p>
        <p>Double-click the canvas to search the node kinds; <kbd>{shortcutLabel("shortcut-help")}</kbd> lists every shortcut.</p>
      </div>
    </div>
  );
}
