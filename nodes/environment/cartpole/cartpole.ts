import { z } from "zod";
import type { Action, ActionSpace, EncodingSpec, EnvSnapshot, Environment, Observation, StepResult } from "../../../runtime/environment.js";
import { Rng } from "../../../runtime/rng.js";
import { CARTPOLE, cartPoleObservation, cartPoleStep, type CartPoleState } from "./physics.js";

const actionSpace: ActionSpace = Object.freeze({ kind: "discrete", n: 2, labels: ["push left", "push right"] });

/** The same encoding an external CartPole-v1 offers (docs/encodings.md), so one model serves both routes. */
const encodings: Readonly<Record<string, EncodingSpec>> = Object.freeze({
  flat: { shape: [4], description: "[x, ẋ, θ, θ̇], as gymnasium.spaces.flatten gives CartPole-v1's observation" },
});

const observationSchema = z.tuple([z.number(), z.number(), z.number(), z.number()]);
const stateSchema = z.tuple([z.number(), z.number(), z.number(), z.number()]);
const snapshotSchema = z.object({ state: stateSchema, steps: z.number().int().min(0), done: z.boolean(), rng: z.array(z.number()) });

/** What every clone shares. */
export interface CartPoleSettings {
  maxEpisodeSteps: number;
}

/**
 * CartPole-v1 in TypeScript, so the CartPole templates run without Python. The start state is drawn
 * from its own seeded stream (each of the four numbers uniform in [−0.05, 0.05], as Gymnasium draws
 * them), so the same seed gives another start than Gymnasium's would; dynamics, rewards and ends
 * are the same.
 */
export class CartPole implements Environment {
  readonly name = "cartpole";
  readonly actionSpace = actionSpace;
  readonly encodings = encodings;

  private constructor(
    private readonly settings: CartPoleSettings,
    private state: CartPoleState,
    private steps: number,
    private finished: boolean,
    private rng: Rng,
  ) {}

  /** Upright at rest in the middle, as before any reset. */
  static create(settings: CartPoleSettings): CartPole {
    return new CartPole(settings, [0, 0, 0, 0], 0, false, Rng.fromSeed(0));
  }

  get done(): boolean {
    return this.finished;
  }

  reset(seed: number): Observation {
    this.rng = Rng.fromSeed(seed);
    this.state = [0, 0, 0, 0].map(() => 0.1 * this.rng.float() - 0.05) as unknown as CartPoleState;
    this.steps = 0;
    this.finished = false;
    return this.observe();
  }

  observe(): Observation {
    return cartPoleObservation(this.state);
  }

  encode(encoding: string, observation: Observation = this.observe()): Float32Array {
    if (encoding !== "flat") throw new Error(`${this.name} has no encoding "${encoding}"; its encodings: ${Object.keys(encodings).join(", ")}`);
    const parsed = observationSchema.safeParse(observation);
    if (!parsed.success) throw new Error(`${this.name} cannot encode ${JSON.stringify(observation)?.slice(0, 80)}: not [x, ẋ, θ, θ̇]`);
    return Float32Array.from(parsed.data);
  }

  step(action: Action): StepResult {
    if (this.finished) throw new Error(`${this.name}: the episode has ended; reset before stepping`);
    if (action !== 0 && action !== 1) throw new Error(`${this.name}: action ${JSON.stringify(action)} is not 0 (push left) or 1 (push right)`);
    const { next, terminated } = cartPoleStep(this.state, action);
    this.state = next;
    this.steps++;
    // Every step is worth 1, the one that drops the pole included (Gymnasium's default reward).
    const truncated = !terminated && this.steps >= this.settings.maxEpisodeSteps;
    this.finished = terminated || truncated;
    return { observation: this.observe(), reward: 1, terminated, truncated, info: {} };
  }

  snapshot(): EnvSnapshot {
    return { state: [...this.state], steps: this.steps, done: this.finished, rng: this.rng.state() };
  }

  restore(snapshot: EnvSnapshot): void {
    const parsed = snapshotSchema.safeParse(snapshot);
    if (!parsed.success) throw new Error(`${this.name}: not a cartpole snapshot: ${z.prettifyError(parsed.error)}`);
    const { state, steps, done, rng } = parsed.data;
    this.state = state;
    this.steps = steps;
    this.finished = done;
    this.rng = Rng.fromState(rng);
  }

  reseed(seed: number): void {
    this.rng = Rng.fromSeed(seed);
  }

  clone(): CartPole {
    return new CartPole(this.settings, this.state, this.steps, this.finished, Rng.fromState(this.rng.state()));
  }

  render(): string {
    const [x, xDot, theta, thetaDot] = this.state;
    return `x = ${x.toFixed(3)} m, ẋ = ${xDot.toFixed(3)} m/s, θ = ${theta.toFixed(3)} rad, θ̇ = ${thetaDot.toFixed(3)} rad/s, step ${this.steps}`;
  }

  describeAction(action: Action): string {
    return action === 0 ? "push left" : action === 1 ? "push right" : JSON.stringify(action);
  }

  /** Push the way the pole leans, blind to its speed and to the cart's edge: the weak heuristic the CartPole policy is cloned from. */
  naivePreferences(): number[] {
    const lean = this.state[2] / CARTPOLE.thetaThreshold;
    return [-lean, lean];
  }
}
