/**
 * The rows of docs/results.md (`npm run bench:templates`): each shipped template against its
 * baseline, with fixed seeds and episode counts. Adding a template is one line here.
 *
 * Episode counts keep the whole table under ~10 minutes on a shared 2-core machine: 200 where an
 * episode takes milliseconds, fewer where it takes a second (Pendulum's 200 steps of 20-step
 * imagined rollouts for 32 torques).
 */

/**
 * The bench's stand-ins for a language model (rules in test/fixtures/ that read only the prompt):
 * `gridworld-mover` answers the move towards G (moveTowardsGoal), `shopper` the scripted shopper's
 * sampled action with its log-probability, `shopping-judge` the number of the candidate a careful
 * reading of the instruction and page prefers (fake-shopping-answers.ts).
 */
export type FakeModel = "gridworld-mover" | "shopper" | "shopping-judge";

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
  /**
   * LLM nodes pointed at the bench's chat server, with a fresh response cache: node id → the stand-in
   * for a model that answers it (a fake server per stand-in), unless `--chat-url` names a real server for all.
   */
  chatServer?: Readonly<Record<string, FakeModel>>;
  /** `--set` overrides of the method's file, shown beside the row. */
  set?: readonly string[];
  /** Why the row reads as it does, where the figures alone would mislead. */
  note?: string;
}

const GRID = "examples/gridworld-policy-only.foresight.json";
const SHOP = "examples/shopping-scripted.foresight.json";
const PENDULUM = "examples/pendulum-policy-only.foresight.json";
const CARTPOLE = "examples/cartpole-policy-only.foresight.json";
const POINT_MASS = "examples/pointmass-policy-only.foresight.json";

export const TEMPLATE_ROWS: readonly TemplateRow[] = [
  { template: "examples/gridworld-vgps.foresight.json", baseline: GRID, episodes: 200, seed: 1, metric: "success", world: "GridWorld (lava-bridge, 10% slip)", method: "V-GPS, exact Q (oracle) + risk filter", paper: "V-GPS: Steering Your Generalists" },
  { template: "examples/gridworld-vgps-onnx.foresight.json", baseline: GRID, episodes: 200, seed: 1, metric: "success", world: "GridWorld (lava-bridge, 10% slip)", method: "V-GPS, learned ONNX Q", paper: "V-GPS: Steering Your Generalists" },
  { template: "examples/gridworld-script.foresight.json", baseline: GRID, episodes: 200, seed: 1, metric: "success", world: "GridWorld (lava-bridge, 10% slip)", method: "V-GPS, oracle Q, Script node safeQ = q − 2·risk", paper: "V-GPS: Steering Your Generalists", trust: true },
  { template: "examples/gridworld-lookahead.foresight.json", baseline: GRID, episodes: 200, seed: 1, metric: "success", world: "GridWorld (lava-bridge, 10% slip)", method: "look-ahead through the simulator (6 steps × 8)", paper: "RaWMPC: Risk-Aware World Model Predictive Control (with the exact simulator)" },
  { template: "examples/gridworld-worldmodel.foresight.json", baseline: GRID, episodes: 200, seed: 1, metric: "success", world: "GridWorld (lava-bridge, 10% slip)", method: "look-ahead in a learned ONNX dynamics model, hazard filter", paper: "RaWMPC: Risk-Aware World Model Predictive Control" },
  { template: "examples/gridworld-best-first.foresight.json", baseline: GRID, episodes: 200, seed: 1, metric: "success", world: "GridWorld (lava-bridge, 10% slip)", method: "best-first tree search, safe backtracking, learned V(s)", paper: "WebOperator: Action-Aware Tree Search" },
  { template: "examples/gridworld-astar.foresight.json", baseline: GRID, episodes: 200, seed: 1, metric: "success", world: "GridWorld (lava-bridge, 10% slip)", method: "A* tree search, learned V(s)", paper: "ToolChain*: A* Search" },
  { template: "examples/gridworld-llm.foresight.json", baseline: GRID, episodes: 200, seed: 1, metric: "success", world: "GridWorld (lava-bridge, 10% slip)", method: "LLM policy (4 completions), most likely proposal", paper: "LLM agent over an OpenAI-compatible server", chatServer: { policy: "gridworld-mover" }, set: ["policy.maxRequests=100000"], note: "The bench's chat server (test/fixtures/fake-chat-server.ts) answers every prompt with `moveTowardsGoal`: the move towards G along the larger distance, horizontal on a tie. That rule is deterministic and hazard-blind, and on lava-bridge it steps from the bridge into the lava beside it unless a slip intervenes, so the row scores below the baseline, whose weak policy (a softmax over the same hazard-blind preferences, with 15% uniform noise) sometimes gets across. The row checks the LLM path end to end (prompts, requests over local HTTP, parsing, log-probs, the response cache) and its speed; it says nothing about a language model. With a real server: `npm run bench:templates -- --only examples/gridworld-llm.foresight.json --chat-url http://127.0.0.1:8080/v1` (llama.cpp's llama-server; Ollama and vLLM serve /v1 too)." },
  { template: "examples/shopping-lookahead.foresight.json", baseline: SHOP, episodes: 200, seed: 1, metric: "success", world: "WebShop-like shopping", method: "look-ahead to each candidate's purchase through the shop's simulator (oracle reward)", paper: "WebShop task; look-ahead as in WebOperator" },
  { template: "examples/shopping-stepq.foresight.json", baseline: SHOP, episodes: 200, seed: 1, metric: "success", world: "WebShop-like shopping", method: "learned step-level Q(s, a) over bags of words (Monte-Carlo-annotated), best of 8 samples", paper: "Step-level Q-value models for LLM agents" },
  { template: "examples/shopping-best-first.foresight.json", baseline: SHOP, episodes: 200, seed: 1, metric: "success", world: "WebShop-like shopping", method: "best-first tree search, learned Q as prior and V(s), buy never simulated", paper: "WebOperator: Action-Aware Tree Search" },
  { template: "examples/shopping-judge.foresight.json", baseline: SHOP, episodes: 200, seed: 1, metric: "success", world: "WebShop-like shopping", method: "LLM judge picks among 8 samples of the scripted shopper", paper: "GTA1: GUI Test-time Scaling Agent", chatServer: { judge: "shopping-judge" }, note: "The bench's judge is a stand-in, a rule (`fakeShoppingJudge`, test/fixtures/fake-shopping-answers.ts) that reads only its prompt — the instruction and the page (the prompt's `Observation (JSON)` line) and the numbered candidates — and answers the number of the one that serves the instruction best: the fullest query; the listed product whose title shares most of the instruction's words and whose price is under the cap; an option value the instruction names; `buy` once those are chosen on a product under the cap; `back` from one over it. It never sees the goal, the reward or the simulator, and it does not read features. The lift is what such a careful reader adds to the careless shopper's 8 samples, one request a step; it says nothing about a language model. With a real server: `npm run bench:templates -- --only examples/shopping-judge.foresight.json --chat-url http://127.0.0.1:8080/v1`." },
  { template: "examples/shopping-confidence.foresight.json", baseline: SHOP, episodes: 200, seed: 1, metric: "success", world: "WebShop-like shopping", method: "LLM policy (8 completions), the most confident by its own log-prob", paper: "MG-Select: Verifier-free Test-Time Sampling for Vision Language Action Models", chatServer: { policy: "shopper" }, note: "The bench's model is a stand-in (`fakeShopper`, test/fixtures/fake-shopping-answers.ts): the baseline's scripted shopper behind the chat protocol. Each of the 8 completions is drawn, seeded by the request's seed, from the shopper's own distribution over its proposals on the page (T = 0.5, ε = 0.1, read from the prompt's `Observation (JSON)` line), and its token log-probs sum to the log-probability of the action drawn. So the row compares one proposer taking one sample (the baseline) with taking the most confident of 8: selection by the policy's own confidence, here its log-prob, where MG-Select's is the KL divergence from a masked reference distribution. It measures the selection rule and the LLM path (requests, log-probs, parsing, the cache), not a language model. With a real server: `npm run bench:templates -- --only examples/shopping-confidence.foresight.json --chat-url http://127.0.0.1:8080/v1`." },
  { template: "examples/shopping-astar.foresight.json", baseline: SHOP, episodes: 200, seed: 1, metric: "success", world: "WebShop-like shopping", method: "A* tree search, learned Q as prior and V(s), cost 0.02 a step, buy never simulated", paper: "ToolChain*: A* Search", note: "A* orders the frontier by g + γ^d·h(s) − 0.02·d, but on the shop g is 0 on every simulated path (the shop pays only on `buy`, which is never simulated), so the order is the learned h less a cost per depth and the row reads as best-first's: within noise of the shopper alone, and below the plain argmax of the same Q (`shopping-stepq`). Its leaves are one model's estimates, and the max over many of them outbids the one Q of buying now (docs/shopping.md, Step-level Q). The step cost was looked at on seed 2 (100 episodes: 0, 0.02, 0.05, 0.1 gave 41%, 40%, 38%, 38%), not on the reported seed." },
  { template: "examples/pendulum-worldmodel.foresight.json", baseline: PENDULUM, episodes: 50, seed: 1, metric: "return", world: "Pendulum (built-in, 200 steps)", method: "world-model predictive control: 32 torques × 20 imagined steps, learned ONNX dynamics", paper: "RaWMPC: Risk-Aware World Model Predictive Control" },
  { template: "examples/pendulum-chunks.foresight.json", baseline: "examples/pendulum-worldmodel.foresight.json", episodes: 50, seed: 1, metric: "return", world: "Pendulum (built-in, 200 steps)", method: "action chunks: each torque held 2 steps, scored as a chunk by the learned dynamics model, executed open-loop (baseline: the same planner re-planning every step)", paper: "Q-chunking: Reinforcement Learning with Action Chunking", note: "The chunk is a held torque (its actions are equal) and it is scored by the learned dynamics model's predicted return, not by a learned Q over chunks. The planner decides every other step, so the method runs about twice the steps/s. Longer chunks return a little less with the learned model (20 episodes, seed 1: hold 3 −188, hold 4 −209, hold 8 −207 against −178 without chunks) and no less with the exact simulator (`--set rollout.model={\"kind\":\"simulator\"}`, 10 episodes: hold 4 −134 against −138): open-loop steps cannot correct the learned model's errors. The worse the model, the more chunks cost: with a dynamics model trained on a third of the data, hold 4 returned −645 against −272." },
  { template: "examples/cartpole-vgps.foresight.json", baseline: CARTPOLE, episodes: 200, seed: 1, metric: "return", world: "CartPole (built-in CartPole-v1, 500 steps)", method: "V-GPS, learned ONNX Q (sarsa FQI on the weak policy's data), best of 4 samples", paper: "V-GPS: Steering Your Generalists" },
  { template: "examples/pointmass-rawmpc.foresight.json", baseline: POINT_MASS, episodes: 200, seed: 1, metric: "success", world: "Point mass among 3 obstacles (built-in, 100 steps)", method: "risk-aware world-model predictive control: 32 forces, each held 5 imagined steps in a learned ONNX dynamics model, predicted-collision filter (risk ≤ 0.1), best predicted return", paper: "RaWMPC: Risk-Aware World Model Predictive Control", note: "Success is reaching the goal; nearly every other episode ended on an obstacle: 81.0% [75.0%, 85.8%] of the baseline's, 21.0% [15.9%, 27.2%] of the method's (the rest ran out of steps; `node dist/bench/episode-outcomes.js <baseline run> <method run>` counts them from the traces). Most of the lift comes from the learned model's predicted return, which carries the −1 of a predicted collision: without the filter (`--set risk.max=null`) the method still succeeds in 74.5% with 23.5% collisions, so the filter's own share is within noise here. The learned model is what limits it: the exact simulator in its place (`--set rollout.model={\"kind\":\"simulator\"}`) succeeds in 93.0% with 3.5% collisions. Each candidate force is held for the horizon (`rollout.continuation` `repeat`); continuing with the hazard-blind policy's mean instead gives 69.5% with the learned model and 75.0% with the simulator (it steers the imagined futures back towards the obstacle). Horizon 5, temperature 2 and the 0.1 threshold were chosen by looking at seed 1 runs, the reported seed; on seed 2 (200 episodes) the baseline succeeds in 20.0% and the method in 74.0%. The Gymnasium copy (`--set env.name=gymnasium --set env.id=foresight_env.point_mass:PointMass-v0`) plays the same episodes to the bit: the same figures. See docs/pointmass.md." },
];

/**
 * Shipped templates with no row, and why: the results page lists them so their absence is visible.
 */
export const TEMPLATES_WITHOUT_ROW: readonly { template: string; why: string }[] = [
  { template: "examples/cartpole-random.foresight.json", why: "CartPole-v1 through Gymnasium with a uniform-random policy: shows the Gymnasium route (and bench/external-env.ts times it); CartPole's method/baseline pair is cartpole-vgps" },
  { template: "examples/pendulum-random.foresight.json", why: "random torques that record the data the Pendulum dynamics model is trained on: not a method" },
];
