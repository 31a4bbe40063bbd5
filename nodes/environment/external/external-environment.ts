import { freshFloats } from "../../../runtime/fresh-floats.js";
import type { Action, ActionSpace, EncodingSpec, EnvSnapshot, Environment, JsonValue, Observation, Scene, StepInfo, StepResult } from "../../../runtime/environment.js";
import { actionSpaceOf, wireAction } from "./actions.js";
import type { EnvProcess, Request } from "./env-process.js";
import { LaneBatch } from "./lane-batch.js";
import { breach, flatSize, flattenInto } from "./spaces.js";
import { declarationJson, type EnvironmentDeclaration } from "./wire.js";

/** The process's own environment; simulation copies get other ids. */
const ROOT = 0;
/** The one encoding every external environment offers (docs/encodings.md, "External environments"). */
export const FLAT_ENCODING = "flat";

/** What every environment of one process shares: its live environments (one per lockstep lane) and their simulation copies. */
interface Session {
  /** Undefined for an environment only described (validation, training): nothing to step. */
  process: EnvProcess | undefined;
  declaration: EnvironmentDeclaration;
  name: string;
  resetOptions: JsonValue | undefined;
  /** Why snapshots are off where the launch turned them off (the node's param), in place of the declaration's reason. */
  snapshotOff: string | undefined;
  /** Where lanes sharing the process queue their steps (one batch line per turn); undefined with a live environment of its own. */
  laneBatch: LaneBatch | undefined;
  /** Live environments handed out and not yet closed: the last to close closes the process. */
  open: number;
  /** How many groups its lockstep lanes step in (lane-batch.ts). */
  laneGroups?: number;
  /** Its lockstep lanes' live environments: the first reset that needs a `make` asks for every lane's still missing in one line. */
  lives?: Live[];
}

/** One live environment inside the process, and the copies made of it since it last stepped or reset. */
interface Live {
  /** Its id in the process: ROOT, or one `make` answered. */
  id: number;
  /** Made by `make` (another lane's), so it must be made again in a restarted process. */
  made: boolean;
  /** Its lockstep lane's group: the lanes of a group send their steps in one line (lane-batch.ts). */
  group: number;
  /** The process generation it was reset in: a restart (another lane's failure) leaves its episode behind. */
  generation: number;
  /** Bumped whenever it steps or resets: copies made before are released. */
  epoch: number;
  /** Copies to release with its next step or reset. */
  copies: number[];
}

/**
 * An environment living in another process, spoken to over the line-delimited JSON protocol
 * (docs/environment-protocol.md). Simulation copies (`clone`) are extra environments inside the same
 * process, addressed by id: cheaper than a process each, and they can be stepped in one batch. A copy
 * lives until the live environment next steps or resets — look-ahead uses its copies within one step.
 */
export class ExternalEnvironment implements Environment {
  readonly name: string;
  readonly actionSpace: ActionSpace;
  readonly encodings: Readonly<Record<string, EncodingSpec>>;
  readonly canSnapshot: boolean;
  readonly snapshotOff?: string;
  /** Offered when the process declares `batch` and `fork` as well as snapshots: look-ahead then costs one round trip per step. */
  readonly forkMany?: (seeds: readonly number[]) => ExternalEnvironment[];
  readonly stepMany?: (copies: readonly Environment[], actions: readonly Action[]) => StepResult[];
  /** Offered when the process declares `render` (made with render_mode "rgb_array"): the live environment's frame, a PNG in base64. */
  readonly frame?: () => string;
  /** Offered to lockstep lanes sharing one process: their steps and resets of one turn go in one line (lane-batch.ts). */
  readonly stepSoon?: (action: Action) => Promise<StepResult>;
  readonly resetSoon?: (seed: number) => Promise<Observation>;
  /** The groups its lockstep lanes step in, out of phase (param laneGroups). */
  readonly laneGroups?: number;
  /** What the editor draws of the episode, when its reset said (foresight_env's scenes.py): set at each reset. */
  scene?: () => Scene;
  private observation: Observation = null;
  private ended = false;
  private seed: number | undefined;
  private steps = 0;
  private closed = false;

  static create(process: EnvProcess | undefined, declaration: EnvironmentDeclaration, name: string, resetOptions: JsonValue | undefined, snapshotOff?: string): ExternalEnvironment {
    const session: Session = { process, declaration, name, resetOptions, snapshotOff, laneBatch: undefined, open: 1 };
    return new ExternalEnvironment(session, liveEnvironment(ROOT, false, process), 0);
  }

  /**
   * The live environment of each lockstep lane, in processes that declare `make` and `batch`
   * (usually one; lane k lives in process k mod P): a process's first lane takes its own
   * environment, the others are made at their first reset. Their steps and resets of one turn travel
   * in one line per process. The last lane handed out of a process to close closes it — also when
   * the run failed before every lane was created.
   */
  static lanes(processes: readonly EnvProcess[], name: string, resetOptions: JsonValue | undefined, laneGroups: number, snapshotOff?: string): (lane: number, group: number) => ExternalEnvironment {
    const batch = new LaneBatch();
    const sessions = processes.map((process): Session => ({ process, declaration: process.declaration, name, resetOptions, snapshotOff, laneBatch: batch, open: 0, laneGroups, lives: [] }));
    return (lane, group) => {
      const session = sessions[lane % processes.length]!;
      const first = lane < processes.length;
      session.open++;
      const live = liveEnvironment(first ? ROOT : -1, !first, session.process, group);
      session.lives!.push(live);
      return new ExternalEnvironment(session, live, 0);
    };
  }

  private constructor(
    private readonly session: Session,
    /** The live environment this one is, or the one it was copied from. */
    private readonly live: Live,
    private readonly epoch: number,
    /** A simulation copy's id; undefined for the live environment itself. */
    private readonly copyId?: number,
    private readonly generation = session.process?.generation ?? 0,
  ) {
    const { declaration } = session;
    this.name = session.name;
    this.actionSpace = actionSpaceOf(declaration.actionSpace, declaration.actionLabels);
    this.encodings = {
      [FLAT_ENCODING]: {
        shape: [flatSize(declaration.observationSpace)],
        description: "the observation flattened as gymnasium.spaces.flatten does (Box values, Discrete one-hot, Dict by key, Tuple in order)",
      },
    };
    this.canSnapshot = declaration.capabilities.has("snapshot") && declaration.capabilities.has("clone");
    if (!this.canSnapshot) this.snapshotOff = session.snapshotOff ?? declaration.snapshotOff ?? "the process does not declare the snapshot and clone capabilities";
    const isLive = copyId === undefined;
    if (isLive && declaration.capabilities.has("render")) this.frame = () => this.renderFrame();
    if (isLive && session.laneBatch) {
      this.stepSoon = (action) => this.stepInBatch(action);
      this.resetSoon = (seed) => this.resetInBatch(seed);
      this.laneGroups = session.laneGroups;
    }
    if (this.canSnapshot && declaration.capabilities.has("batch")) {
      // Forking in one line needs `clone` to take a seed (capability fork): reseeding after cloning would need the copies' ids first.
      if (declaration.capabilities.has("fork")) this.forkMany = (seeds) => this.fork(seeds);
      this.stepMany = (copies, actions) => this.stepCopies(copies, actions);
    }
  }

  /** Its id in the process: a copy's own, or its live environment's (which a lane gets at its first reset). */
  private get id(): number {
    return this.copyId ?? this.live.id;
  }

  private get isLive(): boolean {
    return this.copyId === undefined;
  }

  /** The process it lives in (lockstep lanes may share one); undefined for an environment only described. */
  get environmentProcess(): EnvProcess | undefined {
    return this.session.process;
  }

  /** Request lines exchanged with the process so far (a batch counts once). */
  get roundTrips(): number {
    return this.session.process?.roundTrips ?? 0;
  }

  get done(): boolean {
    return this.ended;
  }

  /** Its declaration as the process sent it (run.start records it for training); made when asked, not per copy. */
  get declared(): JsonValue {
    return declarationJson(this.session.declaration);
  }

  reset(seed: number): Observation {
    const during = `reset with seed ${seed}`;
    const process = this.isLive ? this.session.process : this.liveProcess(during);
    if (!process) throw new Error(`${this.name} was only described (for validation or training); it cannot ${during}`);
    if (this.isLive) this.renew(process, during);
    return this.wasReset(this.send(process, this.resetRequest(seed), during), during);
  }

  /** A lane's reset, sent in one line with the other lanes' steps and resets of this turn. */
  private resetInBatch(seed: number): Promise<Observation> {
    const during = `reset with seed ${seed}`;
    const process = this.session.process!;
    this.renew(process, during);
    const reset = this.resetRequest(seed);
    this.live.epoch++;
    const copies = this.live.copies.splice(0);
    const requests = copies.length === 0 ? [reset] : [{ op: "release", envs: copies }, reset];
    return this.session.laneBatch!.enqueue(process, this.live.group, requests, () => during, (reply) => this.wasReset(reply, during));
  }

  private resetRequest(seed: number): Request {
    this.seed = seed;
    this.steps = 0;
    return { op: "reset", env: this.id, seed, ...(this.session.resetOptions !== undefined ? { options: this.session.resetOptions } : {}) };
  }

  private wasReset(reply: Record<string, JsonValue>, during: string): Observation {
    this.observation = this.checkedObservation(reply.observation, during);
    this.ended = false;
    const scene = reply.scene;
    if (scene === undefined) delete this.scene;
    else if (typeof scene === "object" && scene !== null && !Array.isArray(scene) && typeof scene.kind === "string") this.scene = () => scene as Scene;
    else throw this.session.process!.fail(named(during), `the reply's scene ${JSON.stringify(scene).slice(0, 200)} is not an object with a string "kind" (docs/trace-events.md, Scenes)`);
    return this.observation;
  }

  observe(): Observation {
    return this.observation;
  }

  step(action: Action): StepResult {
    const during = stepName(this.steps, this.seed);
    const process = this.liveProcess(during);
    return this.stepped(this.send(process, { op: "step", env: this.id, action: this.wired(process, action, during) }, during), during);
  }

  /** A lane's step, sent in one line with the other lanes' steps of this turn (lane-batch.ts). */
  private stepInBatch(action: Action): Promise<StepResult> {
    // The step's name is made only for an error: a lockstep run takes tens of thousands of steps a second.
    const step = this.steps;
    const seed = this.seed;
    const during = () => stepName(step, seed);
    const process = this.liveProcess(during);
    const request: Request = { op: "step", env: this.id, action: this.wired(process, action, during) };
    this.live.epoch++;
    const copies = this.live.copies.length === 0 ? undefined : this.live.copies.splice(0);
    const requests = copies === undefined ? [request] : [{ op: "release", envs: copies }, request];
    return this.session.laneBatch!.enqueue(process, this.live.group, requests, during, (reply) => this.stepped(reply, during));
  }

  /** The action as the process takes it, refusing one outside the space (or a step after the end) before anything is sent. */
  private wired(process: EnvProcess, action: Action, during: Naming): JsonValue {
    if (this.ended) throw process.fail(named(during), "the episode has already ended; reset first");
    try {
      return wireAction(this.session.declaration.actionSpace, action);
    } catch (error) {
      throw process.fail(named(during), (error as Error).message);
    }
  }

  /**
   * Before a live environment's reset: a process that failed is restarted; in a restarted one
   * (after this or another lane's failure) a lane's environment is made again, the root one is new.
   */
  private renew(process: EnvProcess, during: string): void {
    process.ensureRunning();
    const live = this.live;
    if (live.generation !== process.generation) {
      live.generation = process.generation;
      live.copies = [];
      live.epoch++;
      if (live.made) live.id = -1;
    }
    if (live.made && live.id < 0) this.makeMissing(process, during);
  }

  /**
   * Makes this live environment in the process, and with it every other lane's of the process that
   * has none yet in this generation: one line for all at a run's start, not a round trip per lane. A
   * lane whose generation is behind is left to its own reset (its episode was left behind).
   */
  private makeMissing(process: EnvProcess, during: string): void {
    const others = (this.session.lives ?? []).filter((other) => other !== this.live && other.made && other.id < 0 && other.generation === process.generation);
    // This lane's last: a refusal of its own throws only after the others' environments are taken, so none is left unrecorded in the process.
    const lives = [...others, this.live];
    const replies = process.exchangeBatch(lives.map(() => ({ op: "make" })), during);
    lives.forEach((live, i) => {
      const reply = replies[i]!;
      // Another lane's refused make is asked again at its own reset, where its error belongs.
      if (live !== this.live && !reply.ok) return;
      const { env } = process.accept(reply, { op: "make" }, during);
      if (typeof env !== "number") throw process.fail(during, `make answered ${JSON.stringify(env)}, not an environment's id`);
      live.id = env;
    });
  }

  /** Takes a step's reply: checks it against the declared spaces, then moves this environment on. */
  private stepped(reply: Record<string, JsonValue>, during: Naming): StepResult {
    this.steps++;
    const observation = this.checkedObservation(reply.observation, during);
    const { reward, terminated, truncated } = reply;
    if (typeof reward !== "number" || typeof terminated !== "boolean" || typeof truncated !== "boolean") {
      throw this.session.process!.fail(named(during), `the reply ${JSON.stringify({ reward, terminated, truncated })} lacks a numeric reward and boolean terminated/truncated`);
    }
    this.observation = observation;
    this.ended = terminated || truncated;
    return { observation, reward, terminated, truncated, info: stepInfo(reply.info) };
  }

  snapshot(): EnvSnapshot {
    const during = `snapshot at step ${this.steps}`;
    const process = this.simulator(during);
    const { snapshot } = process.call({ op: "snapshot", env: this.id }, during);
    return { token: snapshot ?? null, generation: process.generation, observation: this.observation, done: this.ended, steps: this.steps, seed: this.seed ?? null };
  }

  restore(snapshot: EnvSnapshot): void {
    const during = `restore at step ${this.steps}`;
    const process = this.simulator(during);
    const saved = snapshot as { token: string; generation: number; observation: Observation; done: boolean; steps: number; seed: number | null };
    if (saved.generation !== process.generation) throw process.fail(during, "the snapshot was taken in an earlier process of this environment (it was restarted since)");
    this.send(process, { op: "restore", env: this.id, snapshot: saved.token }, during);
    this.observation = saved.observation;
    this.ended = saved.done;
    this.steps = saved.steps;
    this.seed = saved.seed ?? undefined;
  }

  reseed(seed: number): void {
    const during = `reseed at step ${this.steps}`;
    this.send(this.liveProcess(during), { op: "reseed", env: this.id, seed }, during);
  }

  clone(): ExternalEnvironment {
    const during = `clone at step ${this.steps}`;
    const process = this.simulator(during);
    return this.copyAs(this.send(process, { op: "clone", env: this.id }, during).env, during);
  }

  /** The copy a `clone` reply names, in this environment's state. */
  private copyAs(env: JsonValue | undefined, during: string): ExternalEnvironment {
    if (typeof env !== "number") throw this.session.process!.fail(during, `clone answered ${JSON.stringify(env)}, not a copy's id`);
    this.live.copies.push(env);
    const copy = new ExternalEnvironment(this.session, this.live, this.live.epoch, env);
    copy.observation = this.observation;
    copy.ended = this.ended;
    copy.steps = this.steps;
    copy.seed = this.seed;
    return copy;
  }

  /** One copy per seed, each reseeded with it: one batch of `clone` requests with `seed` (capability fork), one round trip. */
  private fork(seeds: readonly number[]): ExternalEnvironment[] {
    const during = `forking ${seeds.length} simulation copies at step ${this.steps}`;
    const process = this.simulator(during);
    if (seeds.length === 0) return [];
    const replies = process.callBatch(seeds.map((seed) => ({ op: "clone", env: this.id, seed })), during);
    return replies.map((reply) => this.copyAs(reply.env, during));
  }

  /** Steps copies of this environment's process in one batch (one round trip): every simulation of a look-ahead step at once. */
  private stepCopies(copies: readonly Environment[], actions: readonly Action[]): StepResult[] {
    const during = `a batched step of ${copies.length} simulation copies`;
    const process = this.liveProcess(during);
    const own = copies.map((copy) => {
      if (!(copy instanceof ExternalEnvironment) || copy.session !== this.session) throw process.fail(during, "stepMany was given an environment that is not a copy from this process");
      copy.liveProcess(during);
      if (copy.ended) throw process.fail(during, `simulation copy ${copy.id}'s episode has already ended`);
      return copy;
    });
    const requests = own.map((copy, i): Request => {
      try {
        return { op: "step", env: copy.id, action: wireAction(copy.session.declaration.actionSpace, actions[i]!) };
      } catch (error) {
        throw process.fail(during, (error as Error).message);
      }
    });
    if (requests.length === 0) return [];
    const replies = process.callBatch(requests, during);
    return replies.map((reply, i) => own[i]!.stepped(reply, `${during} (copy ${own[i]!.id}, step ${own[i]!.steps + 1})`));
  }

  encode(encoding: string, observation: Observation = this.observation): Float32Array {
    if (encoding !== FLAT_ENCODING) throw new Error(`${this.name} has no encoding "${encoding}"; its encodings: ${FLAT_ENCODING}`);
    const space = this.session.declaration.observationSpace;
    const problem = breach(space, observation);
    if (problem) throw new Error(`${this.name} cannot encode ${JSON.stringify(observation)?.slice(0, 80)}: ${problem}`);
    const out = freshFloats(flatSize(space));
    flattenInto(space, observation, out, 0);
    return out;
  }

  render(): string {
    return JSON.stringify(this.observation);
  }

  /** The state text is the observation's JSON, so a transition's can wait until something reads it. */
  renderObservation(observation: Observation): string {
    return JSON.stringify(observation);
  }

  describeAction(action: Action): string {
    if (this.actionSpace.kind === "discrete" && typeof action === "number") return this.actionSpace.labels[action] ?? String(action);
    if (this.actionSpace.kind === "box" && Array.isArray(action)) return `[${action.map((x) => (typeof x === "number" ? Number(x.toFixed(3)) : x)).join(", ")}]`;
    return typeof action === "string" ? action : JSON.stringify(action);
  }

  private renderFrame(): string {
    const during = `render at step ${this.steps} of the episode reset with seed ${this.seed}`;
    const process = this.liveProcess(during);
    const { png } = process.call({ op: "render", env: this.id }, during);
    if (typeof png !== "string") throw process.fail(during, `render answered ${JSON.stringify(png)?.slice(0, 80)}, not a PNG in base64`);
    return png;
  }

  /** A live environment closes the process once every live environment in it has (lanes share one); copies go with it. */
  close(): void {
    if (!this.isLive || this.closed) return;
    this.closed = true;
    if (--this.session.open === 0) this.session.process?.close();
  }

  /** The process, refusing an environment only described, a copy that has expired, or an episode a restart left behind. */
  private liveProcess(during: Naming): EnvProcess {
    const process = this.session.process;
    if (!process) throw new Error(`${this.name} was only described (for validation or training); it cannot ${named(during)}`);
    if (!this.isLive && (this.epoch !== this.live.epoch || this.generation !== process.generation)) {
      throw process.fail(named(during), `simulation copy ${this.id} has expired: copies live until the live environment next steps or resets`);
    }
    if (this.live.generation !== process.generation) {
      throw process.fail(named(during), "the process was restarted since this episode began (after another lockstep lane's episode failed in it): this episode's environment is gone");
    }
    return process;
  }

  private simulator(during: string): EnvProcess {
    const process = this.liveProcess(during);
    if (!this.canSnapshot) throw process.fail(during, `it cannot snapshot, restore or clone: ${this.snapshotOff}`);
    return process;
  }

  /** Sends a request; a request of the live environment first releases the copies made since its last one. */
  private send(process: EnvProcess, request: Request, during: string): Record<string, JsonValue> {
    if (!this.isLive || (request.op !== "step" && request.op !== "reset")) return process.call(request, during);
    this.live.epoch++;
    const copies = this.live.copies.splice(0);
    if (copies.length === 0) return process.call(request, during);
    return process.callBatch([{ op: "release", envs: copies }, request], during)[1]!;
  }

  private checkedObservation(observation: JsonValue | undefined, during: Naming): Observation {
    const problem = breach(this.session.declaration.observationSpace, observation);
    if (problem) throw this.session.process!.fail(named(during), `the observation breaks the declared observation space: ${problem}`);
    return observation as Observation;
  }
}

/** What a request was doing, for errors: the text, or a function making it (a lockstep step's, made only when it fails). */
type Naming = string | (() => string);

function named(during: Naming): string {
  return typeof during === "string" ? during : during();
}

/** Names a step as the engine's errors do, from 0 (the first after the reset): "at episode 2, step 8: … step 8 of the episode reset with seed 7". */
function stepName(step: number, seed: number | undefined): string {
  return `step ${step} of the episode reset with seed ${seed}`;
}

function liveEnvironment(id: number, made: boolean, process: EnvProcess | undefined, group = 0): Live {
  return { id, made, group, generation: process?.generation ?? 0, epoch: 0, copies: [] };
}

/** The step's info; `is_success` (a common Gymnasium convention: a bool, or 0.0/1.0 in Gymnasium-Robotics) counts as `success`. */
function stepInfo(info: JsonValue | undefined): StepInfo {
  if (typeof info !== "object" || info === null || Array.isArray(info)) return {};
  const result = info as StepInfo;
  const said = result.is_success;
  if (result.success === undefined && (typeof said === "boolean" || typeof said === "number")) return { ...result, success: Boolean(said) };
  return result;
}
