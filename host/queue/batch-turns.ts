import type { RunControl } from "../../runtime/engine/control.js";
import type { BatchJob } from "./batch-job.js";
import type { BatchPlayer, PackedOutcome } from "./play-batch.js";

/**
 * Batches taking turns on one thread, in the order handed: a batch's turn ends once its episodes
 * are played, so the next one plays while its nodes close (a Dataset collector's last Parquet part
 * is encoded on its own thread meanwhile) and its outcome is packed.
 */
export class BatchTurns {
  /** Resolves when the batches handed so far have played their episodes: the next one's turn. */
  private turns: Promise<void> = Promise.resolve();
  /** Batches not yet finished (nodes closing, outcome being packed). */
  private readonly unfinished = new Set<Promise<unknown>>();

  constructor(private readonly player: BatchPlayer) {}

  /**
   * Plays `job` once the batches handed before it have played their episodes, and resolves with
   * what `pack` makes of its outcome. `starting` is called when its turn comes; returning false
   * skips it (resolves undefined).
   */
  play<T>(job: BatchJob, control: RunControl, starting: () => boolean, pack: (outcome: PackedOutcome) => T): Promise<T | undefined> {
    const finished = new Promise<T | undefined>((resolve, reject) => {
      this.turns = this.turns.then(
        () =>
          new Promise<void>((nextTurn) => {
            if (!starting()) {
              resolve(undefined);
              return nextTurn();
            }
            this.player
              .play(job, control, nextTurn)
              .then(pack)
              .then(resolve, reject)
              .finally(nextTurn);
          }),
      );
    });
    this.unfinished.add(finished);
    const forget = () => this.unfinished.delete(finished);
    finished.then(forget, forget);
    return finished;
  }

  /** Resolves once every batch handed has finished. */
  async drained(): Promise<void> {
    await this.turns;
    await Promise.allSettled([...this.unfinished]);
  }
}
