import { counted } from "../../protocol/index.js";
import { failedEpisodeBeside, failedEpisodeCount } from "../trace/failed-episodes.js";
import { useTrace, type TraceStore } from "../trace/trace-store.js";

/** The keys that jump to the previous / next failed episode while the step inspector has focus. */
export const FAILED_EPISODE_KEYS = { previous: "[", next: "]" } as const;

const JUMPS = [
  { direction: -1, name: "Previous", key: FAILED_EPISODE_KEYS.previous, symbol: "◀" },
  { direction: 1, name: "Next", key: FAILED_EPISODE_KEYS.next, symbol: "▶" },
] as const;

/** Goes to the failed episode before or after the selected one, at its failed step; answers whether there was one. */
export function jumpToFailedEpisode(store: TraceStore, direction: -1 | 1): boolean {
  const view = store.getState();
  const target = failedEpisodeBeside(view.data.episodes, view.selection?.episode ?? -1, direction);
  if (target) view.select(target);
  return target !== null;
}

/** How many episodes failed, and buttons to the previous / next of them: finding them should not mean scrubbing one by one. */
export function FailedEpisodeJumps({ store }: { store: TraceStore }) {
  const failed = useTrace(store, (view) => failedEpisodeCount(view.data.episodes));
  const previous = useTrace(store, (view) => failedEpisodeBeside(view.data.episodes, view.selection?.episode ?? -1, -1) !== null);
  const next = useTrace(store, (view) => failedEpisodeBeside(view.data.episodes, view.selection?.episode ?? -1, 1) !== null);
  if (failed === 0) return null;
  return (
    <div className="failed-episodes" role="group" aria-label="Failed episodes">
      <span className="error">{counted(failed, "failed episode", "failed episodes")}</span>
      {JUMPS.map(({ direction, name, key, symbol }) => (
        <button
          key={name}
          type="button"
          aria-label={`${name} failed episode`}
          aria-keyshortcuts={key}
          title={`${name} failed episode, at its failed step (${key})`}
          disabled={!(direction === -1 ? previous : next)}
          onClick={() => jumpToFailedEpisode(store, direction)}
        >
          {symbol}
        </button>
      ))}
    </div>
  );
}
