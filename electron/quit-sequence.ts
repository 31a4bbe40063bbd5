/**
 * What quitting the app does, in order: close the windows one at a time (each asks about unsaved
 * changes), then stop the runs (each closes its files within a grace period), then quit for real.
 * Electron would stop nothing first and close the windows only after `before-quit`: a Cancel in a
 * window's prompt would then keep an app whose runs were already stopped.
 */

/** A window as the quit sees it: closing it may be refused (Cancel) or wait for a save. */
interface ClosableWindow {
  close(): void;
}

export interface QuitSteps {
  /** Any window still open, or undefined when none is. */
  nextWindow(): ClosableWindow | undefined;
  stopRuns(): Promise<unknown>;
  /** `app.quit()`: Electron emits `before-quit` again, which now goes through. */
  quit(): void;
}

export interface QuitSequence {
  /** `before-quit`: held back until the windows are closed and the runs stopped. */
  beforeQuit(event: { preventDefault(): void }): void;
  /** A window closed: during a quit, close the next one, or go on to the runs once none is left. */
  closeNext(): void;
  /** The user kept a window (Cancel, or a save that did not happen): the app stays, its runs go on. */
  cancel(): void;
}

export function quitSequence(steps: QuitSteps): QuitSequence {
  let stage: "idle" | "closing" | "stopping" | "done" = "idle";
  const closeNext = () => {
    if (stage !== "closing") return;
    const window = steps.nextWindow();
    if (window) {
      window.close();
      return;
    }
    stage = "stopping";
    void steps.stopRuns().finally(() => {
      stage = "done";
      steps.quit();
    });
  };
  return {
    beforeQuit(event) {
      if (stage === "done") return;
      event.preventDefault();
      if (stage === "stopping") return;
      // Quitting again while a window waits for a save that may never come (the page did not save): ask that window again.
      stage = "closing";
      closeNext();
    },
    closeNext,
    cancel() {
      if (stage === "closing") stage = "idle";
    },
  };
}
