import { describe, expect, it } from "vitest";
import { layeredLayout, type LayoutEdge, type LayoutNode } from "./auto-layout.js";

const SIZE = { width: 220, height: 140 };

/** One environment feeding `chains` policy → sampler → scorer → filter chains (the editor bench's shape). */
function parallelChains(chains: number): { nodes: LayoutNode[]; edges: LayoutEdge[] } {
  const nodes: LayoutNode[] = [{ id: "env", measured: SIZE }];
  const edges: LayoutEdge[] = [];
  for (let i = 0; i < chains; i++) {
    const chain = ["policy", "sampler", "q", "risk"].map((step) => `${step}-${i}`);
    for (const id of chain) {
      nodes.push({ id, measured: SIZE });
      edges.push({ source: "env", target: id });
    }
    for (let k = 1; k < chain.length; k++) edges.push({ source: chain[k - 1]!, target: chain[k]! });
  }
  return { nodes, edges };
}

type Box = { x: number; y: number; width: number; height: number };
const boxes = (positions: Map<string, { x: number; y: number }>) => [...positions].map(([id, at]) => ({ id, ...at, ...SIZE }));
const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe("auto layout", () => {
  it("keeps 100 parallel chains fed by one environment side by side, near the canvas's shape, with none overlapping", async () => {
    const { nodes, edges } = parallelChains(100);
    const positions = await layeredLayout(nodes, edges, 1.6);
    expect(positions.size).toBe(nodes.length);
    const laid = boxes(positions);
    const width = Math.max(...laid.map((b) => b.x + b.width)) - Math.min(...laid.map((b) => b.x));
    const height = Math.max(...laid.map((b) => b.y + b.height)) - Math.min(...laid.map((b) => b.y));
    // One column of 100 chains would be ~1,400 wide and ~18,000 tall.
    expect(width / height).toBeGreaterThan(0.8);
    expect(width / height).toBeLessThan(3.2);
    for (let i = 0; i < laid.length; i++) for (let j = i + 1; j < laid.length; j++) expect(overlap(laid[i]!, laid[j]!), `${laid[i]!.id} overlaps ${laid[j]!.id}`).toBe(false);
    // Data flows left to right along each chain, and the shared environment stands left of every chain.
    for (let i = 0; i < 100; i++) {
      const xs = ["policy", "sampler", "q", "risk"].map((step) => positions.get(`${step}-${i}`)!.x);
      expect(xs).toEqual([...xs].sort((a, b) => a - b));
      expect(positions.get("env")!.x + SIZE.width).toBeLessThan(xs[0]!);
    }
  });

  it("lays a small pipeline out in the order data flows, one layer per step", async () => {
    const nodes = ["env", "policy", "sampler", "q", "executor"].map((id) => ({ id, measured: SIZE }));
    const edges = [
      { source: "env", target: "policy" },
      { source: "policy", target: "sampler" },
      { source: "sampler", target: "q" },
      { source: "q", target: "executor" },
      { source: "env", target: "executor" },
    ];
    const positions = await layeredLayout(nodes, edges);
    const xs = nodes.map((node) => positions.get(node.id)!.x);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(new Set(xs).size).toBe(nodes.length);
  });
});
