import type { RolloutActionSamples } from "../../protocol/traced-values.js";
import type { Action, Environment, StepResult } from "../../runtime/environment.js";
import type { PolicyFunction, ValueFunction } from "../../runtime/ports.js";
import type { Rng } from "../../runtime/rng.js";
import { continuationAction } from "./continuation.js";

/** What the simulations of one action predicted, averaged over its samples. */
export interface ActionForecast {
  /** Mean discounted return over the horizon, bootstrap term included. */
  return: number;
  /** Fraction of simulations that entered a hazard or took an irreversible step. */
  risk: number;
  /** Mean bootstrap term γ^H·V(s_H); null when nothing was bootstrapped. */
  horizonValue: number | null;
  /** Each sample's own outcome, when the look-ahead records them (`recordSamples`). */
  samples?: SampleOutcomes;
}

/** Every sample of one action, one entry each in sample order: what a trace reader needs to see why its risk is what it is. */
export type SampleOutcomes = Omit<RolloutActionSamples, "action">;

/** Everything one look-ahead needs. */
export interface LookAhead {
  /** The live environment; only read (snapshot, clone), never stepped. */
  environment: Environment;
  /** The first action of each simulated future. */
  actions: readonly Action[];
  /** Steps each future plays its first action (an action chunk of repeats) before the continuation; default 1. */
  hold?: number;
  horizon: number;
  discount: number;
  samples: number;
  /** Continue with the policy after the held action; without one the first action is repeated throughout. */
  policy: PolicyFunction | undefined;
  continuationSampling: "sample" | "greedy";
  /** Bootstraps unfinished simulations at the horizon; undefined for none. */
  value: ValueFunction | undefined;
  rng: Rng;
  signal: AbortSignal;
  /** Keep each sample's outcome (ActionForecast.samples): at trace `full` only, where it is written. */
  recordSamples?: boolean;
}

/** One simulated future of one action. */
interface Simulation {
  readonly action: number;
  readonly simulator: Environment;
  return: number;
  /** γ^t for the reward of the next step. */
  weight: number;
  ended: boolean;
  /** The step (1 = the first) at which it first hit a hazard or took an irreversible step; null while it has not. */
  hazardAt: number | null;
  /** Steps simulated so far. */
  steps: number;
}

/**
 * Simulates every action `samples` times, `horizon` steps ahead, on clones of the environment.
 * All simulations advance in lockstep so the policy is asked once per step and the value once
 * per look-ahead, each with the whole batch of states — one inference call for model-backed ones.
 */
export async function simulateAhead(lookAhead: LookAhead): Promise<ActionForecast[]> {
  const { environment, actions, hold = 1, horizon, discount, policy, value, signal } = lookAhead;
  if (environment.done) throw new Error(`the "${environment.name}" episode has already ended; there is no future to simulate`);

  const simulations = startSimulations(lookAhead);
  for (let t = 0; t < horizon; t++) {
    throwIfStopped(signal);
    const active = simulations.filter((s) => !s.ended);
    if (active.length === 0) break;
    const next = t < hold || !policy ? active.map((s) => actions[s.action]!) : await policyActions(policy, active, lookAhead);
    const results = environment.stepMany ? environment.stepMany(active.map((s) => s.simulator), next) : active.map((s, i) => s.simulator.step(next[i]!));
    active.forEach((simulation, i) => advance(simulation, results[i]!, discount, t + 1));
  }

  throwIfStopped(signal);
  const horizonValues = value ? await bootstrap(value, simulations, discount ** horizon) : new Map<Simulation, number>();
  return actions.map((_, action) => forecast(simulations.filter((s) => s.action === action), horizonValues, lookAhead.recordSamples === true));
}

/**
 * One simulator per action and sample, each on a fresh random stream (look-ahead must not see the
 * live environment's future draws). An environment offering `forkMany` makes them all in one go
 * (one round trip for an external process), and then steps them with `stepMany`.
 */
function startSimulations({ environment, actions, samples, rng }: LookAhead): Simulation[] {
  const owners = actions.flatMap((_, action) => new Array<number>(samples).fill(action));
  const seeds = owners.map(() => rng.seed());
  const simulators = environment.forkMany ? environment.forkMany(seeds) : copiesOf(environment, seeds);
  return owners.map((action, i) => ({ action, simulator: simulators[i]!, return: 0, weight: 1, ended: false, hazardAt: null, steps: 0 }));
}

function copiesOf(environment: Environment, seeds: readonly number[]): Environment[] {
  const snapshot = environment.snapshot();
  return seeds.map((seed) => {
    const simulator = environment.clone();
    simulator.restore(snapshot);
    simulator.reseed(seed);
    return simulator;
  });
}

async function policyActions(policy: PolicyFunction, active: readonly Simulation[], lookAhead: LookAhead): Promise<Action[]> {
  const distributions = await policy.distributions(active.map((s) => s.simulator));
  if (distributions.length !== active.length) {
    throw new Error(`policy "${policy.name}" returned ${distributions.length} distributions for ${active.length} states`);
  }
  return distributions.map((d) => continuationAction(d, lookAhead.continuationSampling, lookAhead.rng));
}

function advance(simulation: Simulation, result: StepResult, discount: number, step: number): void {
  simulation.return += simulation.weight * result.reward;
  simulation.weight *= discount;
  simulation.steps = step;
  if (simulation.hazardAt === null && (result.info.hazard === true || result.info.irreversible === true)) simulation.hazardAt = step;
  if (result.terminated || result.truncated) simulation.ended = true;
}

/** γ^H·V(s_H) for every simulation still running at the horizon, from one batched call. */
async function bootstrap(value: ValueFunction, simulations: readonly Simulation[], weight: number): Promise<Map<Simulation, number>> {
  const open = simulations.filter((s) => !s.ended);
  const terms = new Map<Simulation, number>();
  if (open.length === 0) return terms;
  const values = await value.values(open.map((s) => s.simulator));
  if (values.length !== open.length) {
    throw new Error(`value function "${value.name}" returned ${values.length} values for ${open.length} states`);
  }
  open.forEach((simulation, i) => terms.set(simulation, weight * values[i]!));
  return terms;
}

function forecast(simulations: readonly Simulation[], horizonValues: ReadonlyMap<Simulation, number>, recordSamples: boolean): ActionForecast {
  let total = 0;
  let hazards = 0;
  let bootstrapTotal = 0;
  let bootstrapped = false;
  for (const simulation of simulations) {
    const term = horizonValues.get(simulation);
    if (term !== undefined) {
      bootstrapped = true;
      bootstrapTotal += term;
    }
    total += simulation.return + (term ?? 0);
    if (simulation.hazardAt !== null) hazards++;
  }
  const n = simulations.length;
  const averages = { return: total / n, risk: hazards / n, horizonValue: bootstrapped ? bootstrapTotal / n : null };
  return recordSamples ? { ...averages, samples: sampleOutcomes(simulations, horizonValues) } : averages;
}

function sampleOutcomes(simulations: readonly Simulation[], horizonValues: ReadonlyMap<Simulation, number>): SampleOutcomes {
  return {
    returns: simulations.map((s) => s.return + (horizonValues.get(s) ?? 0)),
    steps: simulations.map((s) => s.steps),
    hazardAt: simulations.map((s) => s.hazardAt),
  };
}

function throwIfStopped(signal: AbortSignal): void {
  if (signal.aborted) throw new Error("the rollout was stopped: the run was aborted");
}
