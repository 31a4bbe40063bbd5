import type { RunControl } from "./control.js";
import { RunStopped } from "./control.js";
import type { Environment } from "../environment.js";
import type { RunEvent } from "./events.js";
import { thrown, NodeError } from "./node-error.js";
import { episodeOutcome, runEpisode, takeTurn, type RunState } from "./play-episode.js";
import type { PlayedEpisode, RunOutcome } from "./run-outcome.js";
import type { PlannedNode } from "./step-plan.js";

/**
 * Episodes in lockstep: K lanes on this thread, each playing its own episode with its own node
 * instances, take every step together, so the model calls the lanes make in one step meet in one
 * batch (runtime/inference/call-batcher.ts) — K states per ONNX Runtime call instead of one.
 *
 * - A lane that ends its episode takes the next episode index, so K stay busy to the last ones.
 * - Every draw derives from (seed, episode, node), so which lane plays an episode changes nothing.
 * - Each lane collects its episode's events; they are released whole, in episode order (a reorder
 *   buffer), so the trace reads as a serial run's. Nodes of kinds `sharedAcrossLanes` (the Dataset
 *   collector) are one instance for all lanes and end each episode at its release, in episode
 *   order: their files are a serial run's too.
 * - The run ends as a serial one does, decided at release: the first stopped episode, or a node
 *   error that ends the run, is the last one released; episodes after it that lanes had begun are
 *   dropped (their lanes are stopped), as a serial run would never have played them.
 * - Pause, single step and stop act between steps: the last lane to arrive takes the run's turn for
 *   all (a single step is one step of every lane).
 * - Lanes may play in G groups (lane k in group k mod G), as many as the lanes' environment asks
 *   for (`laneGroupsFor`; external environments whose lanes share a process ask for two), each with
 *   its own barrier, so the groups' steps are out of phase: while one group's steps are answered
 *   elsewhere (an environment process), this thread computes another's. A pause, a single step or a
 *   stop still meets every group: once the run must wait, or one group already waits there, each
 *   group's last lane joins the others before the one turn for all.
 * - A lane beginning an episode does not hold the others past the current turn of the event loop
 *   (LaneBarrier): where its reset is answered elsewhere, it joins them at their next step.
 */

/** Where a lane's events go: its episode's buffer while it plays one, else `outside` (or nowhere). */
export class LaneEvents {
  private buffer: RunEvent[] | undefined;

  constructor(private readonly outside: ((event: RunEvent) => void) | undefined) {}

  readonly emit = (event: RunEvent): void => {
    if (this.buffer) this.buffer.push(event);
    else this.outside?.(event);
  };

  /** Starts collecting an episode's events. */
  collect(): void {
    this.buffer = [];
  }

  /** The collected events (the last is the episode's episode.end); later events go outside again. */
  take(): RunEvent[] {
    const events = this.buffer ?? [];
    this.buffer = undefined;
    return events;
  }
}

/** One lane: how it plays an episode (its own plan and evaluator) and where its events go. */
export interface Lane {
  state: RunState;
  events: LaneEvents;
}

export interface LockstepPlay {
  lanes: readonly Lane[];
  /** The episode indices to play, in the order they are released. */
  episodes: readonly number[];
  control: RunControl;
  /** Aborted once the run has ended early: the lanes' evaluators watch it and stop mid-step. */
  discard: AbortController;
  outcome: RunOutcome;
  /** The run's own emit (the trace), which released episodes go to. */
  emit: (event: RunEvent) => void;
  clock: () => number;
  /** The nodes every lane shares; they end episodes here, at release. */
  shared: readonly PlannedNode[];
  /** How many groups of lanes step out of phase (lane k in group k mod groups); 1 when absent. */
  groups?: number;
}

/** The groups the lanes' environment asks for (Environment.laneGroups: its steps are answered elsewhere, so one group's wait overlaps another's computing), at most one per lane. */
export function laneGroupsFor(environment: Pick<Environment, "stepSoon" | "laneGroups"> | undefined, lanes: number): number {
  return environment?.stepSoon ? Math.max(1, Math.min(environment.laneGroups ?? 1, lanes)) : 1;
}

interface Finished {
  played: PlayedEpisode;
  events: RunEvent[];
}

/** Plays `episodes` on the lanes; the outcome takes them in episode order. Throws what fails the run outside any episode. */
export async function playInLockstep(play: LockstepPlay): Promise<void> {
  const { lanes, episodes, control, discard, outcome, emit } = play;
  const turnState = { clock: play.clock, lastYield: 0 };
  const groups = Math.max(1, Math.min(play.groups ?? 1, lanes.length));
  const everyGroup = new LaneBarrier(groups, async () => {
    await takeTurn(turnState, control);
  });
  const barriers = Array.from(
    { length: groups },
    (_, group) =>
      new LaneBarrier(
        lanes.filter((_, k) => k % groups === group).length,
        async () => {
          if (discard.signal.aborted) throw new RunStopped();
          if (groups > 1 && (control.mustWait() || everyGroup.someWait)) await everyGroup.arrive();
          else await takeTurn(turnState, control);
          if (discard.signal.aborted) throw new RunStopped();
        },
        () => everyGroup.leave(),
      ),
  );
  let handedOut = 0;
  let released = 0;
  /** The run ended at a released episode; nothing after it counts. */
  let ended = false;
  let fatal: { error: unknown } | undefined;
  const finished = new Map<number, Finished>();
  let releasing = Promise.resolve();

  const endEarly = () => {
    ended = true;
    discard.abort();
  };
  const nextPosition = () => (ended || fatal || control.signal.aborted || handedOut >= episodes.length ? undefined : handedOut++);

  const releaseInOrder = async () => {
    try {
      for (let next = finished.get(released); next && !ended; next = finished.get(released)) {
        finished.delete(released++);
        const { played, events } = next;
        const end = events.pop();
        for (const event of events) emit(event);
        if (play.shared.length > 0) await endSharedEpisode(play.shared, played);
        if (end) emit(end);
        if (!outcome.add(played)) endEarly();
      }
    } catch (error) {
      fatal ??= { error };
      endEarly();
    }
  };

  await Promise.all(
    lanes.map(async (lane, k) => {
      const barrier = barriers[k % groups]!;
      let away = false;
      lane.state.beforeStep = () => {
        if (away) {
          away = false;
          barrier.back();
        }
        return barrier.arrive();
      };
      try {
        for (let position = nextPosition(); position !== undefined; position = nextPosition()) {
          if (!away) {
            away = true;
            barrier.goAway();
          }
          lane.events.collect();
          const played = await runEpisode(lane.state, episodes[position]!);
          finished.set(position, { played, events: lane.events.take() });
          releasing = releasing.then(releaseInOrder);
        }
      } catch (error) {
        // Outside any episode's own handling (a lane's endEpisode threw): the run fails, as a serial one would.
        fatal ??= { error };
        endEarly();
      } finally {
        lane.events.take();
        barrier.leave(away);
      }
    }),
  );
  await releasing;
  if (fatal) throw fatal.error;
  if (!ended && control.signal.aborted && released < episodes.length) outcome.stopped();
}

/** The shared nodes' endEpisode, in plan order; a failure names the node and episode. */
async function endSharedEpisode(shared: readonly PlannedNode[], played: PlayedEpisode): Promise<void> {
  const ended = episodeOutcome(played.result);
  for (const node of shared) {
    try {
      await node.instance.endEpisode?.(ended);
    } catch (error) {
      throw new NodeError({ node: node.id, kind: node.kind.kind, episode: ended.episode, step: ended.steps, ...thrown(error) });
    }
  }
}

/**
 * Where lanes (or groups of lanes) wait for each other before each step. When every one still
 * playing has arrived, `turn` runs once (pause, stop, a turn of the event loop) and all go on
 * together — or all get its error (RunStopped). One that has no episode left leaves, so the others
 * do not wait for it; the last to leave calls `emptied`.
 *
 * A lane beginning an episode is away until it arrives for the episode's first step. The others
 * wait for it until this turn of the event loop is over (a reset in process takes a few microtasks),
 * then go on without it: it joins them at their next step. So a reset answered elsewhere (an
 * environment process) travels with the others' steps in one line (lane-batch.ts), instead of
 * holding every lane for a round trip of its own.
 */
class LaneBarrier {
  /** The round lanes are arriving for: one promise every lane of it awaits (not one per lane and step). */
  private round: Round | undefined;
  private arrived = 0;
  private away = 0;
  private awaitingAway = false;

  constructor(
    private active: number,
    private readonly turn: () => Promise<void>,
    private readonly emptied?: () => void,
  ) {}

  /** Someone waits here for the others. */
  get someWait(): boolean {
    return this.arrived > 0;
  }

  readonly arrive = (): Promise<void> => {
    const round = (this.round ??= newRound());
    this.arrived++;
    this.releaseIfAllArrived();
    return round.promise;
  };

  /** A lane begins an episode: it comes back when it arrives for the first step. */
  goAway(): void {
    this.away++;
    this.releaseIfAllArrived();
  }

  back(): void {
    this.away--;
  }

  leave(away = false): void {
    this.active--;
    if (away) this.away--;
    if (this.active === 0) this.emptied?.();
    this.releaseIfAllArrived();
  }

  private releaseIfAllArrived(): void {
    if (this.arrived === 0 || this.arrived < this.active - this.away) return;
    if (this.away === 0) return this.release();
    if (this.awaitingAway) return;
    this.awaitingAway = true;
    setImmediate(() => {
      this.awaitingAway = false;
      if (this.arrived > 0 && this.arrived >= this.active - this.away) this.release();
    });
  }

  private release(): void {
    const round = this.round!;
    this.round = undefined;
    this.arrived = 0;
    this.turn().then(round.resolve, round.reject);
  }
}

interface Round {
  promise: Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** Promise.withResolvers, which Node 20 lacks. */
function newRound(): Round {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}
