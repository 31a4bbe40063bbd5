import { z } from "zod";
import type { Action, ActionSpace, EncodingSpec, EnvSnapshot, Environment, Observation, StepResult } from "../../../runtime/environment.js";
import { actionVector } from "../../../runtime/action-box.js";
import { Rng } from "../../../runtime/rng.js";
import { PENDULUM, pendulumObservation, pendulumStep, type PendulumState } from "./physics.js";

const actionSpace: ActionSpace = Object.freeze({ kind: "box", shape: [1], low: [-PENDULUM.maxTorque], high: [PENDULUM.maxTorque] });

/** The same encoding an external Pendulum-v1 offers (docs/encodings.md), so one model serves both routes. */
const encodings: Readonly<Record<string, EncodingSpec>> = Object.freeze({
  flat: { shape: [3], description: "[cos θ, sin θ, θ̇], as gymnasium.spaces.flatten gives Pendulum-v1's observation" },
});

const observationSchema = z.tuple([z.number(), z.number(), z.number()]);

const snapshotSchema = z.object({ theta: z.number(), thetaDot: z.number(), steps: z.number().int().min(0), done: z.boolean(), rng: z.array(z.number()) });

/** What every clone shares. */
export interface PendulumSettings {
  g: number;
  maxEpisodeSteps: number;
}

/**
 * Pendulum-v1 in TypeScript, so the Pendulum templates run without Python. The start state is
 * drawn from its own seeded stream (θ ∈ [−π, π], θ̇ ∈ [−1, 1], as Gymnasium draws them), so the
 * same seed gives another start than Gymnasium's would; the dynamics and rewards are the same.
 */
export class Pendulum implements Environment {
  readonly name = "pendulum";
  readonly actionSpace = actionSpace;
  readonly encodings = encodings;

  private constructor(
    private readonly settings: PendulumSettings,
    private state: PendulumState,
    private steps: number,
    private finished: boolean,
    private rng: Rng,
  ) {}

  /** Hanging down at rest, as before any reset. */
  static create(settings: PendulumSettings): Pendulum {
    return new Pendulum(settings, { theta: Math.PI, thetaDot: 0 }, 0, false, Rng.fromSeed(0));
  }

  get done(): boolean {
    return this.finished;
  }

  reset(seed: number): Observation {
    this.rng = Rng.fromSeed(seed);
    this.state = { theta: Math.PI * (2 * this.rng.float() - 1), thetaDot: 2 * this.rng.float() - 1 };
    this.steps = 0;
    this.finished = false;
    return this.observe();
  }

  observe(): Observation {
    return pendulumObservation(this.state);
  }

  encode(encoding: string, observation: Observation = this.observe()): Float32Array {
    if (encoding !== "flat") throw new Error(`${this.name} has no encoding "${encoding}"; its encodings: ${Object.keys(encodings).join(", ")}`);
    const parsed = observationSchema.safeParse(observation);
    if (!parsed.success) throw new Error(`${this.name} cannot encode ${JSON.stringify(observation)?.slice(0, 80)}: not [cos θ, sin θ, θ̇]`);
    return Float32Array.from(parsed.data);
  }

  step(action: Action): StepResult {
    if (this.finished) throw new Error(`${this.name}: the episode has ended; reset before stepping`);
    const [u] = actionVector(action, 1, this.name);
    const { next, reward } = pendulumStep(this.state, u!, this.settings.g);
    this.state = next;
    this.steps++;
    // Pendulum-v1 never terminates; its time limit truncates.
    const truncated = this.steps >= this.settings.maxEpisodeSteps;
    this.finished = truncated;
    return { observation: this.observe(), reward, terminated: false, truncated, info: {} };
  }

  snapshot(): EnvSnapshot {
    return { theta: this.state.theta, thetaDot: this.state.thetaDot, steps: this.steps, done: this.finished, rng: this.rng.state() };
  }

  restore(snapshot: EnvSnapshot): void {
    const parsed = snapshotSchema.safeParse(snapshot);
    if (!parsed.success) throw new Error(`${this.name}: not a pendulum snapshot: ${z.prettifyError(parsed.error)}`);
    const { theta, thetaDot, steps, done, rng } = parsed.data;
    this.state = { theta, thetaDot };
    this.steps = steps;
    this.finished = done;
    this.rng = Rng.fromState(rng);
  }

  reseed(seed: number): void {
    this.rng = Rng.fromSeed(seed);
  }

  clone(): Pendulum {
    return new Pendulum(this.settings, { ...this.state }, this.steps, this.finished, Rng.fromState(this.rng.state()));
  }

  render(): string {
    return `θ = ${this.state.theta.toFixed(3)} rad, θ̇ = ${this.state.thetaDot.toFixed(3)} rad/s, step ${this.steps}`;
  }

  describeAction(action: Action): string {
    const [u] = actionVector(action, 1, this.name);
    return `torque ${u!.toFixed(3)}`;
  }
}
