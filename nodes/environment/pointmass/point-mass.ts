import { z } from "zod";
import type { PointMassScene } from "../../../protocol/point-mass.js";
import type { Action, ActionSpace, EncodingSpec, EnvSnapshot, Environment, Observation, StepInfo, StepResult } from "../../../runtime/environment.js";
import { actionVector } from "../../../runtime/action-box.js";
import { generateLayout } from "./layout.js";
import { POINT_MASS, pointMassObservation, pointMassStep, type Layout, type PointMassState } from "./physics.js";

const actionSpace: ActionSpace = Object.freeze({ kind: "box", shape: [2], low: -POINT_MASS.maxForce, high: POINT_MASS.maxForce });

const disc = z.object({ x: z.number(), y: z.number(), r: z.number() });
const snapshotSchema = z.object({
  layout: z.object({ start: z.object({ x: z.number(), y: z.number() }), goal: disc, obstacles: z.array(disc) }),
  state: z.object({ x: z.number(), y: z.number(), vx: z.number(), vy: z.number() }),
  steps: z.number().int().min(0),
  done: z.boolean(),
});

/** What every clone shares. */
export interface PointMassSettings {
  obstacles: number;
  maxEpisodeSteps: number;
}

/** The eight compass directions the scripted pusher may try instead of heading for the goal. */
const COMPASS = Array.from({ length: 8 }, (_, k) => [Math.cos((k * Math.PI) / 4), Math.sin((k * Math.PI) / 4)] as const);

/**
 * A point mass pushed towards a goal among circular obstacles: touching one is a hazard that ends
 * the episode with a penalty, entering the goal region a success. Deterministic after reset (the
 * seed fixes the layout), so snapshots replay exactly and `reseed` has nothing to change.
 */
export class PointMass implements Environment {
  readonly name = "pointmass";
  readonly actionSpace = actionSpace;
  readonly encodings: Readonly<Record<string, EncodingSpec>>;

  private constructor(
    private readonly settings: PointMassSettings,
    private layout: Layout,
    private state: PointMassState,
    private steps: number,
    private finished: boolean,
  ) {
    const width = 6 + 3 * settings.obstacles;
    this.encodings = Object.freeze({
      flat: { shape: [width], description: "[x, y, vx, vy, goal x − x, goal y − y, then per obstacle: its x − x, y − y, clearance], as gymnasium.spaces.flatten gives PointMass-v0's observation" },
    });
  }

  /** The layout of seed 0, at its start, as before any reset. */
  static create(settings: PointMassSettings): PointMass {
    const layout = generateLayout(0, settings.obstacles);
    return new PointMass(settings, layout, { ...layout.start, vx: 0, vy: 0 }, 0, false);
  }

  get done(): boolean {
    return this.finished;
  }

  reset(seed: number): Observation {
    this.layout = generateLayout(seed, this.settings.obstacles);
    this.state = { ...this.layout.start, vx: 0, vy: 0 };
    this.steps = 0;
    this.finished = false;
    return this.observe();
  }

  observe(): Observation {
    return pointMassObservation(this.state, this.layout);
  }

  encode(encoding: string, observation: Observation = this.observe()): Float32Array {
    if (encoding !== "flat") throw new Error(`${this.name} has no encoding "${encoding}"; its encodings: ${Object.keys(this.encodings).join(", ")}`);
    const width = this.encodings.flat!.shape[0]!;
    if (!Array.isArray(observation) || observation.length !== width || !observation.every((x) => typeof x === "number")) {
      throw new Error(`${this.name} cannot encode ${JSON.stringify(observation)?.slice(0, 80)}: not ${width} numbers (${this.settings.obstacles} obstacles)`);
    }
    return Float32Array.from(observation as number[]);
  }

  step(action: Action): StepResult {
    if (this.finished) throw new Error(`${this.name}: the episode has ended; reset before stepping`);
    const [fx, fy] = actionVector(action, 2, this.name);
    // Read at float32 precision, as the Gymnasium copy's Box(float32) action space reads it.
    const { next, reward, collided, reached } = pointMassStep(this.state, Math.fround(fx!), Math.fround(fy!), this.layout);
    this.state = next;
    this.steps++;
    const terminated = collided || reached;
    const truncated = !terminated && this.steps >= this.settings.maxEpisodeSteps;
    this.finished = terminated || truncated;
    const info: StepInfo = collided ? { hazard: true } : reached ? { success: true } : {};
    return { observation: this.observe(), reward, terminated, truncated, info };
  }

  snapshot(): EnvSnapshot {
    const { start, goal, obstacles } = this.layout;
    return { layout: { start: { ...start }, goal: { ...goal }, obstacles: obstacles.map((o) => ({ ...o })) }, state: { ...this.state }, steps: this.steps, done: this.finished };
  }

  restore(snapshot: EnvSnapshot): void {
    const parsed = snapshotSchema.safeParse(snapshot);
    if (!parsed.success) throw new Error(`${this.name}: not a pointmass snapshot: ${z.prettifyError(parsed.error)}`);
    if (parsed.data.layout.obstacles.length !== this.settings.obstacles) {
      throw new Error(`${this.name}: the snapshot has ${parsed.data.layout.obstacles.length} obstacles; this environment is configured with ${this.settings.obstacles}`);
    }
    this.layout = parsed.data.layout;
    this.state = parsed.data.state;
    this.steps = parsed.data.steps;
    this.finished = parsed.data.done;
  }

  reseed(): void {
    // Nothing is drawn after reset: there is no stream to replace.
  }

  clone(): PointMass {
    return new PointMass(this.settings, this.layout, { ...this.state }, this.steps, this.finished);
  }

  scene(): PointMassScene {
    const { start, goal, obstacles } = this.layout;
    return { kind: "pointmass", half: POINT_MASS.half, goal: { ...goal }, obstacles: obstacles.map((o) => ({ ...o })), start: { ...start }, agentRadius: POINT_MASS.agentRadius };
  }

  render(): string {
    const { x, y, vx, vy } = this.state;
    return `at (${x.toFixed(3)}, ${y.toFixed(3)}) m, moving (${vx.toFixed(3)}, ${vy.toFixed(3)}) m/s, goal (${this.layout.goal.x.toFixed(3)}, ${this.layout.goal.y.toFixed(3)}), step ${this.steps}`;
  }

  describeAction(action: Action): string {
    const [fx, fy] = actionVector(action, 2, this.name);
    return `force (${fx!.toFixed(2)}, ${fy!.toFixed(2)})`;
  }

  /**
   * A hazard-blind pusher's options: full force straight at the goal (score 1) and the eight
   * compass pushes scored by how well they point at it. The scripted policy's softmax over these is
   * the weak proposer the Gaussian policy is cloned from (tools/make-pointmass-models.sh).
   */
  naiveProposals(): { actions: Action[]; scores: number[] } {
    const { x, y } = this.state;
    const gx = this.layout.goal.x - x;
    const gy = this.layout.goal.y - y;
    const length = Math.sqrt(gx * gx + gy * gy) || 1;
    const ux = gx / length;
    const uy = gy / length;
    const scale = POINT_MASS.maxForce / Math.max(Math.abs(ux), Math.abs(uy));
    const actions: Action[] = [[ux * scale, uy * scale], ...COMPASS.map(([cx, cy]) => [cx * POINT_MASS.maxForce, cy * POINT_MASS.maxForce])];
    const scores = [1, ...COMPASS.map(([cx, cy]) => cx * ux + cy * uy)];
    return { actions, scores };
  }
}
