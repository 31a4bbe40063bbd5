import type { EpisodeResult, NodeFailure, RunEvent, RunStatus } from "./events.js";
import type { RunSettings } from "../run-settings.js";

/** One played episode as runEpisode answers it. */
export interface PlayedEpisode {
  result: EpisodeResult;
  failure?: NodeFailure;
  /** A fork whose recorded steps did not replay: it fails the run whatever onNodeError says. */
  replayFailed?: boolean;
  /** A node said the run cannot go on (RunCannotContinue, e.g. a spent budget): it fails the run whatever onNodeError says. */
  endsRun?: boolean;
}

/**
 * What a run's episodes came to, taken in episode order: the results, and whether the run goes on
 * after each (a stopped episode or a node error that ends the run ends it). The serial loop and
 * lockstep lanes (in the order they release episodes) share it, so both end a run alike.
 */
export class RunOutcome {
  readonly results: EpisodeResult[] = [];
  status: RunStatus = "completed";
  failure: NodeFailure | undefined;
  /** The first episode's node error, for a run whose every episode failed. */
  private firstFailure: NodeFailure | undefined;

  constructor(
    private readonly onNodeError: RunSettings["onNodeError"],
    private readonly emit: (event: RunEvent) => void,
    private readonly clock: () => number,
  ) {}

  /** Takes the next episode; answers false when the run ends with it. */
  add(played: PlayedEpisode): boolean {
    this.results.push(played.result);
    if (played.result.status === "stopped") {
      this.status = "stopped";
      return false;
    }
    if (!played.failure) return true;
    this.firstFailure ??= played.failure;
    const endsRun = this.onNodeError === "endRun" || played.replayFailed === true || played.endsRun === true;
    this.emit({ type: "node.error", t: this.clock(), ...played.failure, ends: endsRun ? "run" : "episode" });
    if (!endsRun) return true;
    this.status = "failed";
    this.failure = played.failure;
    return false;
  }

  /** The run was stopped between episodes. */
  stopped(): void {
    this.status = "stopped";
  }

  /** Something outside any episode failed the run (creating or closing a node). */
  failed(failure: NodeFailure): void {
    this.status = "failed";
    this.failure ??= failure;
  }

  /** Every episode ended in a node error: the run has nothing to show, so it failed, with the first error as its reason. */
  settle(): void {
    if (this.status === "completed" && this.results.length > 0 && this.results.every((result) => result.status === "error") && this.firstFailure) {
      this.status = "failed";
      this.failure = this.firstFailure;
    }
  }
}
