/**
 * The rows of docs/results.md (`npm run bench:templates`): each shipped template against its
 * baseline, with fixed seeds and episode counts. Adding a template is one line here.
 *
 * Episode counts keep the whole table under ~10 minutes on a shared 2-core machine: 200 where an
 * episode takes milliseconds, fewer where it takes a second (Pendulum's 200 steps of 20-step
 * imagined rollouts for 32 torques).
 */

/** One row: a method's pipeline file run against its baseline's, same seed and episodes. */
export interface TemplateRow {
  /** The method's pipeline file, relative to the repository root; also the row's id (`--only`). */
  template: string;
  /** The baseline's pipeline file, relative to the repository root. */
  baseline: string;
  episodes: number;
  seed: number;
  /** What decides the row: the success rate, or the mean return where the world has no success flag (Pendulum). */
  metric: "success" | "return";
  /** The method in a few words. */
  method: string;
  world: string;
  /** The paper the method follows. */
  paper: string;
  /** The template has Script nodes and runs only trusted (`foresight run --trust`): the bench passes it. */
  trust?: true;
  /** Node ids of LLM nodes pointed at the bench's chat server (its own fake one unless `--chat-url`), with a fresh response cache. */
  chatServer?: readonly string[];
  /** `--set` overrides of the method's file, shown beside the row. */
  set?: readonly string[];
  /** Why the row reads as it does, where the figures alone would mislead. */
  note?: string;
}

const GRID = "examples/gridworld-policy-only.foresight.json";
const SHOP = "examples/shopping-scripted.foresight.json";
const PENDULUM = "examples/pendulum-policy-only.foresight.json";
const CARTPOLE = "examples/cartpole-policy-only.foresight.json";

export const TEMPLATE_ROWS: readonly TemplateRow[] = [
  { template: "examples/gridworld-vgps.foresight.json", baseline: GRID, episodes: 200, seed: 1, metric: "success", world: "GridWorld (lava-bridge, 10% slip)", method: "V-GPS, exact Q (oracle) + risk filter", paper: "V-GPS: Steering Your Generalists" },
  { template: "examples/gridworld-vgps-onnx.foresight.json", baseline: GRID, episodes: 200, seed: 1, metric: "success", world: "GridWorld (lava-bridge, 10% slip)", method: "V-GPS, learned ONNX Q", paper: "V-GPS: Steering Your Generalists" },
  { template: "examples/gridworld-script.foresight.json", baseline: GRID, episodes: 200, seed: 1, metric: "success", world: "GridWorld (lava-bridge, 10% slip)", method: "V-GPS, oracle Q, Script node safeQ = q − 2·risk", paper: "V-GPS: Steering Your Generalists", trust: true },
  { template: "examples/gridworld-lookahead.foresight.json", baseline: GRID, episodes: 200, seed: 1, metric: "success", world: "GridWorld (lava-bridge, 10% slip)", method: "look-ahead through the simulator (6 steps × 8)", paper: "RaWMPC: Risk-Aware World Model Predictive Control (with the exact simulator)" },
  { template: "examples/gridworld-worldmodel.foresight.json", baseline: GRID, episodes: 200, seed: 1, metric: "success", world: "GridWorld (lava-bridge, 10% slip)", method: "look-ahead in a learned ONNX dynamics model, hazard filter", paper: "RaWMPC: Risk-Aware World Model Predictive Control" },
  { template: "examples/gridworld-best-first.foresight.json", baseline: GRID, episodes: 200, seed: 1, metric: "success", world: "GridWorld (lava-bridge, 10% slip)", method: "best-first tree search, safe backtracking, learned V(s)", paper: "WebOperator: Action-Aware Tree Search" },
  { template: "examples/gridworld-astar.foresight.json", baseline: GRID, episodes: 200, seed: 1, metric: "success", world: "GridWorld (lava-bridge, 10% slip)", method: "A* tree search, learned V(s)", paper: "ToolChain*: A* Search" },
  { template: "examples/gridworld-llm.foresight.json", baseline: GRID, episodes: 200, seed: 1, metric: "success", world: "GridWorld (lava-bridge, 10% slip)", method: "LLM policy (4 completions), most likely proposal", paper: "LLM agent over an OpenAI-compatible server", chatServer: ["policy"], set: ["policy.maxRequests=100000"], note: "The bench's chat server (test/fixtures/fake-chat-server.ts) answers every prompt with `moveTowardsGoal`: the move towards G along the larger distance, horizontal on a tie. That rule is deterministic and hazard-blind, and on lava-bridge it steps from the bridge into the lava beside it unless a slip intervenes, so the row scores below the baseline, whose weak policy (a softmax over the same hazard-blind preferences, with 15% uniform noise) sometimes gets across. The row checks the LLM path end to end (prompts, requests over local HTTP, parsing, log-probs, the response cache) and its speed; it says nothing about a language model. With a real server: `npm run bench:templates -- --only examples/gridworld-llm.foresight.json --chat-url http://127.0.0.1:8080/v1` (llama.cpp's llama-server; Ollama and vLLM serve /v1 too)." },
  { template: "examples/shopping-lookahead.foresight.json", baseline: SHOP, episodes: 200, seed: 1, metric: "success", world: "WebShop-like shopping", method: "look-ahead to each candidate's purchase through the shop's simulator (oracle reward)", paper: "WebShop task; look-ahead as in WebOperator" },
  { template: "examples/shopping-stepq.foresight.json", baseline: SHOP, episodes: 200, seed: 1, metric: "success", world: "WebShop-like shopping", method: "learned step-level Q(s, a) over bags of words (Monte-Carlo-annotated), best of 8 samples", paper: "Step-level Q-value models for LLM agents" },
  { template: "examples/shopping-best-first.foresight.json", baseline: SHOP, episodes: 200, seed: 1, metric: "success", world: "WebShop-like shopping", method: "best-first tree search, learned Q as prior and V(s), buy never simulated", paper: "WebOperator: Action-Aware Tree Search" },
  { template: "examples/pendulum-worldmodel.foresight.json", baseline: PENDULUM, episodes: 50, seed: 1, metric: "return", world: "Pendulum (built-in, 200 steps)", method: "world-model predictive control: 32 torques × 20 imagined steps, learned ONNX dynamics", paper: "RaWMPC: Risk-Aware World Model Predictive Control" },
  { template: "examples/pendulum-chunks.foresight.json", baseline: "examples/pendulum-worldmodel.foresight.json", episodes: 50, seed: 1, metric: "return", world: "Pendulum (built-in, 200 steps)", method: "action chunks: each torque held 2 steps, scored as a chunk by the learned dynamics model, executed open-loop (baseline: the same planner re-planning every step)", paper: "Q-chunking: Reinforcement Learning with Action Chunking", note: "The chunk is a held torque (its actions are equal) and it is scored by the learned dynamics model's predicted return, not by a learned Q over chunks. The planner decides every other step, so the method runs about twice the steps/s. Longer chunks fail with the learned model (20 episodes, seed 1: hold 3 −308, hold 4 −645, hold 8 −666 against −272 without chunks) but not with the exact simulator (`--set rollout.model={\"kind\":\"simulator\"}`, 10 episodes: hold 4 −140 against −141): open-loop steps cannot correct the learned model's errors." },
  { template: "examples/cartpole-vgps.foresight.json", baseline: CARTPOLE, episodes: 200, seed: 1, metric: "return", world: "CartPole (built-in CartPole-v1, 500 steps)", method: "V-GPS, learned ONNX Q (sarsa FQI on the weak policy's data), best of 4 samples", paper: "V-GPS: Steering Your Generalists" },
];

/**
 * Shipped templates with no row, and why: the results page lists them so their absence is visible.
 */
export const TEMPLATES_WITHOUT_ROW: readonly { template: string; why: string }[] = [
  { template: "examples/cartpole-random.foresight.json", why: "CartPole-v1 through Gymnasium with a uniform-random policy: shows the Gymnasium route (and bench/external-env.ts times it); CartPole's method/baseline pair is cartpole-vgps" },
  { template: "examples/pendulum-random.foresight.json", why: "random torques that record the data the Pendulum dynamics model is trained on: not a method" },
];
