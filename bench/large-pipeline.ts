/**
 * A large valid pipeline for the editor bench: one GridWorld environment fanning out to 99
 * policy → sampler → Q-scorer → risk-filter chains, 50 policy → sampler pairs and one lone
 * policy, with one chain going on to the executor and the dataset collector.
 * 500 nodes and 700 edges; it validates (it is not meant to be run).
 */
const CHAINS = 99;
const PAIRS = 50;
const PER_ROW = 4;
const CHAIN_WIDTH = 1160;
const ROW_HEIGHT = 170;

type Node = { id: string; kind: string; title: string; params: Record<string, unknown>; position: { x: number; y: number } };

const PARAMS: Record<string, Record<string, unknown>> = {
  policy: { variant: "heuristic", temperature: 0.5, epsilon: 0.15 },
  sampler: { n: 16, temperature: 1, topK: null, topP: null, includeGreedy: false, dedupe: false },
  "q-scorer": { variant: "oracle" },
  "risk-filter": { column: "risk", max: 0.5, irreversible: true, keepTopK: null, fallback: "least-risky", safeAction: null },
};

export const LARGE_NODES = 500;
export const LARGE_EDGES = 700;

export function largePipeline(): Record<string, unknown> {
  const nodes: Node[] = [];
  const edges: { from: string; to: string }[] = [];
  const slot = (index: number) => ({ x: 300 + (index % PER_ROW) * CHAIN_WIDTH, y: Math.floor(index / PER_ROW) * ROW_HEIGHT });
  const add = (id: string, kind: string, at: { x: number; y: number }, column: number) =>
    nodes.push({ id, kind, title: `${kind} ${id}`, params: structuredClone(PARAMS[kind]!), position: { x: at.x + column * 260, y: at.y } });
  const connect = (from: string, to: string) => edges.push({ from, to });

  const groups = CHAINS + PAIRS + 1;
  nodes.push({ id: "env", kind: "environment", title: "GridWorld", params: { name: "gridworld", map: "lava-bridge", size: 9, slip: 0.1, gamma: 0.99 }, position: { x: 0, y: (Math.ceil(groups / PER_ROW) * ROW_HEIGHT) / 2 } });
  for (let i = 0; i < groups; i++) {
    const at = slot(i);
    const policy = `policy-${i}`;
    add(policy, "policy", at, 0);
    connect("env.environment", `${policy}.environment`);
    if (i >= CHAINS + PAIRS) continue;
    const sampler = `sampler-${i}`;
    add(sampler, "sampler", at, 1);
    connect(`${policy}.distribution`, `${sampler}.distribution`);
    if (i >= CHAINS) continue;
    const q = `q-${i}`;
    const risk = `risk-${i}`;
    add(q, "q-scorer", at, 2);
    add(risk, "risk-filter", at, 3);
    connect(`${sampler}.candidates`, `${q}.candidates`);
    connect("env.environment", `${q}.environment`);
    connect(`${q}.candidates`, `${risk}.candidates`);
    connect("env.environment", `${risk}.environment`);
  }
  const last = slot(groups);
  nodes.push({ id: "executor", kind: "executor", title: "Executor", params: { select: "argmax", score: "q", temperature: 1, epsilon: 0.1, chunk: 1 }, position: last });
  nodes.push({
    id: "dataset",
    kind: "dataset",
    title: "Dataset",
    params: { transitions: true, preferences: true, candidates: false, formats: ["jsonl"], scoreColumn: "q", folder: "dataset" },
    position: { x: last.x + 260, y: last.y },
  });
  connect("risk-0.candidates", "executor.candidates");
  connect("env.environment", "executor.environment");
  connect("executor.transition", "dataset.transition");
  connect("executor.candidates", "dataset.candidates");
  connect("env.environment", "dataset.environment");

  if (nodes.length !== LARGE_NODES || edges.length !== LARGE_EDGES) throw new Error(`large pipeline: made ${nodes.length} nodes and ${edges.length} edges, not ${LARGE_NODES} and ${LARGE_EDGES}`);
  return {
    format: "foresight/pipeline",
    version: 1,
    name: "large-graph",
    description: `Editor bench: ${LARGE_NODES} nodes, ${LARGE_EDGES} edges.`,
    run: { episodes: 1, seed: 1, maxSteps: 10, onNodeError: "endEpisode", trace: "off" },
    nodes,
    edges,
  };
}
