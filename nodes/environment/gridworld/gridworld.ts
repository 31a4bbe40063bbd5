import { z } from "zod";
import type {
  Action,
  ActionSpace,
  EncodingSpec,
  EnvSnapshot,
  Environment,
  Observation,
  Scene,
  StepInfo,
  StepResult,
} from "../../../runtime/environment.js";
import { Rng } from "../../../runtime/rng.js";
import { hazardBlindGoalDistances } from "./distance.js";
import { encodeGrid, gridEncodingNames, gridEncodingSpecs, isGridEncoding, type GridEncodingName } from "./encodings.js";
import { cachedGeneratedLayout, seedOfGeneratedName } from "./generator.js";
import { positionOf, tileAt, tiles, type GridLayout } from "./layout.js";
import { layoutFromSnapshot } from "./maps.js";
import { gridObservation, observedAgentCell, observedMap } from "./observation.js";
import { moveDeltas, moveLabels, moveOutcomes, moves, moveTarget, perpendicularMoves, toMove } from "./moves.js";
import { renderGrid } from "./render.js";
import { entryReward, isTerminalTile } from "./rules.js";
import { solvedQTable } from "./value-iteration.js";

/** Where the map comes from: one fixed layout, or a new one generated from every reset seed. */
export type MapSource = { kind: "fixed"; layout: GridLayout } | { kind: "random"; size: number };

/** What a GridWorld and all its clones share: never changed after creation. */
export interface GridWorldSettings {
  source: MapSource;
  /** Probability that a move is replaced by one of its two perpendicular moves. */
  slip: number;
  /** Discount used by `exactQ`. */
  gamma: number;
}

const actionSpace: ActionSpace = Object.freeze({ kind: "discrete", n: moves.length, labels: moveLabels });

const snapshotSchema = z.object({
  map: z.string(),
  layout: z.array(z.string()),
  agent: z.tuple([z.number().int(), z.number().int()]),
  done: z.boolean(),
  rng: z.array(z.number()),
});

/**
 * A grid with walls, lava and a goal (Gymnasium-style, like MiniGrid's LavaCrossing).
 * Entering the goal pays +1 and ends the episode in success; entering lava pays −1 and
 * ends it irreversibly; every other step pays −0.01. Moves may slip sideways.
 */
export class GridWorld implements Environment {
  readonly name = "gridworld";
  readonly reportsSuccess = true;
  readonly actionSpace = actionSpace;
  /** The last observation made, handed out again while the state is the same (observations are never mutated). */
  private observed: { layout: GridLayout; agent: number; observation: Observation } | undefined;

  private constructor(
    private readonly settings: GridWorldSettings,
    /** Shared by every clone: the shapes follow the configuration, not the episode. */
    readonly encodings: Readonly<Record<GridEncodingName, EncodingSpec>>,
    private layout: GridLayout,
    private agent: number,
    private finished: boolean,
    private rng: Rng,
  ) {}

  /** A world in the state `reset(0)` would leave it in, so it can be observed before the first episode. */
  static create(settings: GridWorldSettings): GridWorld {
    const layout = layoutFor(settings.source, 0);
    const encodings = gridEncodingSpecs(layout.height, layout.width);
    return new GridWorld(settings, encodings, layout, layout.start, false, Rng.fromSeed(0));
  }

  get done(): boolean {
    return this.finished;
  }

  reset(seed: number): Observation {
    this.layout = layoutFor(this.settings.source, seed);
    this.agent = this.layout.start;
    this.finished = false;
    this.rng = Rng.fromSeed(seed);
    return this.observe();
  }

  observe(): Observation {
    const { layout, agent } = this;
    if (this.observed?.layout !== layout || this.observed.agent !== agent) this.observed = { layout, agent, observation: cellCached(observations, layout, agent, gridObservation) };
    return this.observed.observation;
  }

  encode(encoding: string, observation?: Observation): Float32Array {
    if (!isGridEncoding(encoding)) {
      throw new Error(`gridworld: no encoding "${encoding}"; its encodings: ${gridEncodingNames.join(", ")}`);
    }
    const spec = this.encodings[encoding];
    if (observation === undefined) return encodeGrid(encoding, spec, this.checkedSize(this.layout), this.agent);
    const layout = this.checkedSize(this.layoutNamed(observedMap(observation)));
    return encodeGrid(encoding, spec, layout, observedAgentCell(observation, layout));
  }

  step(action: Action): StepResult {
    if (this.finished) {
      throw new Error(`gridworld: step() called after the episode ended on map "${this.layout.name}"; call reset(seed) first`);
    }
    const intended = toMove(action);
    const slipped = this.settings.slip > 0 && this.rng.float() < this.settings.slip;
    const move = slipped ? perpendicularMoves(intended)[this.rng.int(2)]! : intended;
    this.agent = moveTarget(this.layout, this.agent, move);
    const tile = tileAt(this.layout, this.agent);
    this.finished = isTerminalTile(tile);
    const info: StepInfo = {};
    if (tile === tiles.goal) info.success = true;
    if (tile === tiles.lava) {
      info.hazard = true;
      info.irreversible = true;
    }
    if (slipped) info.slipped = true;
    return { observation: this.observe(), reward: entryReward(tile), terminated: this.finished, truncated: false, info };
  }

  snapshot(): EnvSnapshot {
    return {
      map: this.layout.name,
      layout: [...this.layout.rows],
      agent: positionOf(this.layout, this.agent),
      done: this.finished,
      rng: this.rng.state(),
    };
  }

  restore(snapshot: EnvSnapshot): void {
    const parsed = snapshotSchema.safeParse(snapshot);
    if (!parsed.success) throw new Error(`gridworld: not a gridworld snapshot: ${z.prettifyError(parsed.error)}`);
    const { map, layout: rows, agent: [row, col], done, rng } = parsed.data;
    const layout = layoutFromSnapshot(this.layout, map, rows);
    if (row < 0 || row >= layout.height || col < 0 || col >= layout.width || tileAt(layout, row * layout.width + col) === tiles.wall) {
      throw new Error(`gridworld: snapshot puts the agent at [${row}, ${col}], which is not a free cell of map "${map}"`);
    }
    this.layout = layout;
    this.agent = row * layout.width + col;
    this.finished = done;
    this.rng = Rng.fromState(rng);
  }

  reseed(seed: number): void {
    this.rng = Rng.fromSeed(seed);
  }

  clone(): GridWorld {
    return new GridWorld(this.settings, this.encodings, this.layout, this.agent, this.finished, Rng.fromState(this.rng.state()));
  }

  /** The episode's map (generated maps differ per reset seed) and how each action moves; one frozen object per map. */
  scene(): Scene {
    let scene = scenes.get(this.layout)?.get(this.settings.slip);
    if (!scene) {
      scene = deepFreeze({
        kind: "gridworld",
        map: this.layout.name,
        rows: [...this.layout.rows],
        actions: moves.map((move) => ({ label: moveLabels[move], delta: [...moveDeltas[move]!] as [number, number] })),
        slip: this.settings.slip,
      });
      if (!scenes.has(this.layout)) scenes.set(this.layout, new Map());
      scenes.get(this.layout)!.set(this.settings.slip, scene);
    }
    return scene;
  }

  render(): string {
    return cellCached(renderings, this.layout, this.agent, renderGrid);
  }

  describeAction(action: Action): string {
    return moveLabels[toMove(action)];
  }

  isIrreversible(action: Action): boolean {
    const move = toMove(action);
    return !this.finished && tileAt(this.layout, moveTarget(this.layout, this.agent, move)) === tiles.lava;
  }

  hazardProbability(action: Action): number {
    const move = toMove(action);
    if (this.finished) return 0;
    let probability = 0;
    for (const outcome of moveOutcomes(move, this.settings.slip)) {
      if (tileAt(this.layout, moveTarget(this.layout, this.agent, outcome.move)) === tiles.lava) probability += outcome.probability;
    }
    return probability;
  }

  /** Q(s, a) of the four moves from value iteration; all 0 once the episode is over. */
  exactQ(): number[] {
    if (this.finished) return moves.map(() => 0);
    const table = solvedQTable(this.layout, this.settings.slip, this.settings.gamma);
    return moves.map((move) => table[this.agent * 4 + move]!);
  }

  /** Minus the lava-blind distance to the goal after each intended move (a bump counts one more than staying). */
  naivePreferences(): number[] {
    if (this.finished) return moves.map(() => 0);
    const distances = hazardBlindGoalDistances(this.layout);
    return moves.map((move) => {
      const target = moveTarget(this.layout, this.agent, move);
      return target === this.agent ? -(distances[target]! + 1) : -distances[target]!;
    });
  }

  /** The layout an observation's map name stands for, in this configuration. */
  private layoutNamed(map: string): GridLayout {
    if (map === this.layout.name) return this.layout;
    const { source } = this.settings;
    if (source.kind === "fixed") {
      if (map === source.layout.name) return source.layout;
      throw new Error(`gridworld: cannot encode an observation of map "${map}" on an environment of map "${source.layout.name}"`);
    }
    const seed = seedOfGeneratedName(map);
    if (seed === undefined) {
      throw new Error(`gridworld: cannot encode an observation of map "${map}" on an environment of random maps (random-<seed>, ${source.size} × ${source.size})`);
    }
    return cachedGeneratedLayout(source.size, seed);
  }

  /** Guards the fixed shapes: a restored snapshot could bring a map of another size. */
  private checkedSize(layout: GridLayout): GridLayout {
    const [, height, width] = this.encodings.grid.shape;
    if (layout.height === height && layout.width === width) return layout;
    throw new Error(
      `gridworld: map "${layout.name}" is ${layout.height} × ${layout.width}, but this environment's encodings are for ${height} × ${width} maps`,
    );
  }
}

/**
 * Observations and renderings by layout and agent cell: an executor asks for both every step, and
 * a map has few cells. Observations are never mutated (Observation's contract), strings cannot be.
 */
const observations = new WeakMap<GridLayout, Observation[]>();
const renderings = new WeakMap<GridLayout, string[]>();

function cellCached<T>(cache: WeakMap<GridLayout, T[]>, layout: GridLayout, agent: number, make: (layout: GridLayout, agent: number) => T): T {
  let cells = cache.get(layout);
  if (!cells) cache.set(layout, (cells = []));
  return (cells[agent] ??= make(layout, agent));
}

/** Scenes by layout and slip: episodes on the same map share one (layouts are immutable and cached). */
const scenes = new WeakMap<GridLayout, Map<number, Scene>>();

function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) if (typeof child === "object" && child !== null) deepFreeze(child as object);
  return Object.freeze(value);
}

function layoutFor(source: MapSource, seed: number): GridLayout {
  return source.kind === "fixed" ? source.layout : cachedGeneratedLayout(source.size, seed);
}
