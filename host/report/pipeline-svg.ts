import { escapeMarkup } from "../markup.js";
import type { DrawnNode } from "./read-run.js";

const NODE_WIDTH = 180;
const NODE_HEIGHT = 52;
const PAD = 24;
/** An edge's arrowhead, in the drawing's units. */
const ARROW_LENGTH = 8;

/** The pipeline as the editor lays it out (its saved positions): a box per node, a curve per edge. */
export function pipelineSvg(nodes: readonly DrawnNode[], edges: readonly { from: string; to: string }[]): string {
  if (nodes.length === 0) return "<p>The pipeline copy has no nodes.</p>";
  const xs = nodes.map((n) => n.position.x);
  const ys = nodes.map((n) => n.position.y);
  const [left, top] = [Math.min(...xs) - PAD, Math.min(...ys) - PAD];
  const width = Math.max(...xs) + NODE_WIDTH + PAD - left;
  const height = Math.max(...ys) + NODE_HEIGHT + PAD - top;
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const parts: string[] = [];
  for (const edge of edges) {
    // "node.port": the node's id is what comes before the dot.
    const from = byId.get(edge.from.split(".")[0]!);
    const to = byId.get(edge.to.split(".")[0]!);
    if (!from || !to) continue;
    const [x1, y1] = [from.position.x + NODE_WIDTH, from.position.y + NODE_HEIGHT / 2];
    // Ends short of the box, where the arrowhead's tip touches it.
    const [x2, y2] = [to.position.x - ARROW_LENGTH, to.position.y + NODE_HEIGHT / 2];
    const bend = Math.max(40, Math.abs(x2 - x1) / 2);
    parts.push(
      `<path d="M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}" fill="none" stroke="#8a94a3" stroke-width="1.5" marker-end="url(#edge-arrow)"><title>${escapeMarkup(`${edge.from} → ${edge.to}`)}</title></path>`,
    );
  }
  for (const node of nodes) {
    const { x, y } = node.position;
    parts.push(`<g><rect x="${x}" y="${y}" width="${NODE_WIDTH}" height="${NODE_HEIGHT}" rx="6" fill="#fff" stroke="#5b6675" class="node-box"/>`);
    parts.push(`<text x="${x + 10}" y="${y + 21}" font-weight="bold">${escapeMarkup(clip(node.title ?? node.id))}</text>`);
    parts.push(`<text x="${x + 10}" y="${y + 39}" fill="#66707c" class="muted">${escapeMarkup(clip(`${node.id} · ${node.kind}`))}</text></g>`);
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${left} ${top} ${width} ${height}" width="100%" style="max-width: ${width}px" font-family="sans-serif" font-size="13" fill="currentColor" role="img" aria-label="The pipeline: ${nodes.length} nodes, ${edges.length} edges">`,
    // Which way data flows: an edge that bends back under its boxes read as going either way.
    `<defs><marker id="edge-arrow" viewBox="0 0 10 10" refX="0" refY="5" markerWidth="${ARROW_LENGTH / 1.5}" markerHeight="${ARROW_LENGTH / 1.5}" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#8a94a3"/></marker></defs>`,
    ...parts,
    "</svg>",
  ].join("\n");
}

/** Box text kept inside the box. */
function clip(text: string): string {
  return text.length > 26 ? `${text.slice(0, 25)}…` : text;
}
