import { z } from "zod";
import type { Action, ActionSpace, EncodingSpec, EnvSnapshot, Environment, JsonValue, Observation, Scene, StepInfo, StepResult } from "../../../runtime/environment.js";
import { Rng } from "../../../runtime/rng.js";

/**
 * One small control world — CartPole, Pendulum, the point mass — as the pieces that differ between
 * them: its state, how an episode starts, one step, what it looks like. ControlEnvironment turns one
 * into an Environment (episodes, time limit, the flat encoding, snapshots, clones), so that part is
 * written once. States are immutable plain JSON data: a step returns a new one, clones share them.
 */
export interface ControlWorld<S> {
  name: string;
  actionSpace: ActionSpace;
  /** The one encoding, `flat`: the observation's numbers as float32, as gymnasium.spaces.flatten gives them. */
  flat: EncodingSpec;
  /** Checks a snapshot's state on restore. */
  stateSchema: z.ZodType<S>;
  /** The state before any reset. */
  initial: S;
  /** The state an episode starts in: drawn from the episode's stream, or a function of its seed. */
  start(rng: Rng, seed: number): S;
  observe(state: S): number[];
  /** One step under `action` (refused with a reason when it is not one of the world's). */
  step(state: S, action: Action): { next: S; reward: number; terminated: boolean; info?: StepInfo };
  /** A line of text for traces and prompts (the step count is added). */
  render(state: S): string;
  describeAction(action: Action): string;
  naivePreferences?(state: S): number[];
  naiveProposals?(state: S): { actions: Action[]; scores: number[] };
  scene?(state: S): Scene;
}

/** A control world as an environment with a time limit: truncated, not terminated, after `maxEpisodeSteps`. */
export class ControlEnvironment<S> implements Environment {
  readonly name: string;
  readonly actionSpace: ActionSpace;
  readonly encodings: Readonly<Record<string, EncodingSpec>>;
  /** Present where the world offers them, so policies and views that look for them find them. */
  readonly naivePreferences?: () => number[];
  readonly naiveProposals?: () => { actions: Action[]; scores: number[] };
  readonly scene?: () => Scene;
  private readonly snapshotSchema: z.ZodType<{ state: S; steps: number; done: boolean; rng: number[] }>;

  constructor(
    private readonly world: ControlWorld<S>,
    private readonly maxEpisodeSteps: number,
    private state: S = world.initial,
    private steps = 0,
    private finished = false,
    private rng: Rng = Rng.fromSeed(0),
  ) {
    this.name = world.name;
    this.actionSpace = world.actionSpace;
    this.encodings = Object.freeze({ flat: world.flat });
    this.snapshotSchema = z.object({ state: world.stateSchema, steps: z.number().int().min(0), done: z.boolean(), rng: z.array(z.number()) }) as never;
    if (world.naivePreferences) this.naivePreferences = () => world.naivePreferences!(this.state);
    if (world.naiveProposals) this.naiveProposals = () => world.naiveProposals!(this.state);
    if (world.scene) this.scene = () => world.scene!(this.state);
  }

  get done(): boolean {
    return this.finished;
  }

  reset(seed: number): Observation {
    this.rng = Rng.fromSeed(seed);
    this.state = this.world.start(this.rng, seed);
    this.steps = 0;
    this.finished = false;
    return this.observe();
  }

  observe(): Observation {
    return this.world.observe(this.state);
  }

  encode(encoding: string, observation: Observation = this.observe()): Float32Array {
    if (encoding !== "flat") throw new Error(`${this.name} has no encoding "${encoding}"; its encodings: flat`);
    const width = this.world.flat.shape[0]!;
    if (!Array.isArray(observation) || observation.length !== width || !observation.every((x) => typeof x === "number")) {
      throw new Error(`${this.name} cannot encode ${JSON.stringify(observation)?.slice(0, 80)}: not ${width} numbers (${this.world.flat.description})`);
    }
    return Float32Array.from(observation as number[]);
  }

  step(action: Action): StepResult {
    if (this.finished) throw new Error(`${this.name}: the episode has ended; reset before stepping`);
    const { next, reward, terminated, info = {} } = this.world.step(this.state, action);
    this.state = next;
    this.steps++;
    const truncated = !terminated && this.steps >= this.maxEpisodeSteps;
    this.finished = terminated || truncated;
    return { observation: this.observe(), reward, terminated, truncated, info };
  }

  snapshot(): EnvSnapshot {
    // States are plain JSON data (ControlWorld); the schema checks them on the way back in.
    return { state: structuredClone(this.state) as JsonValue, steps: this.steps, done: this.finished, rng: this.rng.state() };
  }

  restore(snapshot: EnvSnapshot): void {
    const parsed = this.snapshotSchema.safeParse(snapshot);
    if (!parsed.success) throw new Error(`${this.name}: not a ${this.name} snapshot: ${z.prettifyError(parsed.error)}`);
    this.state = parsed.data.state;
    this.steps = parsed.data.steps;
    this.finished = parsed.data.done;
    this.rng = Rng.fromState(parsed.data.rng);
  }

  reseed(seed: number): void {
    this.rng = Rng.fromSeed(seed);
  }

  clone(): ControlEnvironment<S> {
    return new ControlEnvironment(this.world, this.maxEpisodeSteps, this.state, this.steps, this.finished, Rng.fromState(this.rng.state()));
  }

  render(): string {
    return `${this.world.render(this.state)}, step ${this.steps}`;
  }

  describeAction(action: Action): string {
    return this.world.describeAction(action);
  }
}
