import { failureText, notActingText, type NodeFailure, type RunEvent, type RunSummary } from "../../protocol/index.js";

/** Notes kept per node, as `foresight run` shows them; the rest are counted (every one is in the run's trace.jsonl). */
const NOTES_SHOWN = 3;

/**
 * What one setting's run says beside its figures, gathered from its events: the nodes' notes
 * (node.log: a risk filter that fell back at 82.5% of steps), and, once it ends, its failed
 * episodes and those that ended without acting, worded as `foresight run` words them on stderr.
 * A sweep keeps them in its record and says them per setting: a table row alone would hide them.
 */
export class RunWarnings {
  private readonly notes = new Map<string, { shown: string[]; more: number }>();
  private firstError: NodeFailure | undefined;

  onEvents(events: readonly RunEvent[]): void {
    for (const event of events) {
      if (event.type === "node.error") this.firstError ??= event;
      else if (event.type === "node.log") {
        const kept = this.notes.get(event.node) ?? { shown: [], more: 0 };
        if (kept.shown.length < NOTES_SHOWN) kept.shown.push(event.message);
        else kept.more++;
        this.notes.set(event.node, kept);
      }
    }
  }

  /** The lines, in the order `foresight run` prints them. */
  lines(summary: Pick<RunSummary, "episodes" | "episodesFailed" | "endedWithoutActing">): string[] {
    const lines: string[] = [];
    for (const [node, { shown, more }] of this.notes) {
      lines.push(...shown.map((message) => `node "${node}": ${message}`));
      if (more > 0) lines.push(`node "${node}": ${more} more ${more === 1 ? "note" : "notes"} in the trace (its node.log lines)`);
    }
    if (summary.episodesFailed > 0 && summary.episodes > 0) {
      const first = this.firstError ? `; the first: ${failureText(this.firstError)}` : "";
      lines.push(`${summary.episodesFailed} of ${summary.episodes + summary.episodesFailed} episodes failed and are left out of the figures${first}`);
    }
    const notActing = notActingText(summary);
    if (notActing) lines.push(`${notActing} (the trace's candidates say why each was)`);
    return lines;
  }
}
