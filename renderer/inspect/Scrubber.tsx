import { useTrace, type TraceStore } from "../trace/trace-store.js";
import { episodeCount, firstEpisode, stepCount } from "../trace/selected-step.js";
import { counted, shownCount } from "../../protocol/index.js";

/**
 * Episode and Step sliders over the run's episodes and the selected episode's steps; Follow live.
 *
 * The sliders listen to `input`, not React's `onChange`: when a slider's max drops below its value
 * (a live run's new episode, max 0), Chromium clamps the value behind React's back, and onChange
 * then ignored a later move to the value from before (React thought it unchanged).
 */
export function Scrubber({ store }: { store: TraceStore }) {
  const selection = useTrace(store, (view) => view.selection);
  const episodes = useTrace(store, (view) => episodeCount(view.data));
  // A fork's run holds the one episode it re-ran: the sliders start there.
  const first = useTrace(store, (view) => firstEpisode(view.data));
  const steps = useTrace(store, (view) => (view.selection ? stepCount(view, view.selection.episode) : 0));
  const live = useTrace(store, (view) => view.data.live);
  const follow = useTrace(store, (view) => view.followLive);
  const dropped = useTrace(store, (view) => view.data.dropped);
  const episode = selection?.episode ?? 0;
  const step = selection?.step ?? 0;
  const select = store.getState().select;
  return (
    <>
      <div className="scrubber">
        <label>
          Episode{" "}
          <input
            type="number"
            className="episode-number"
            aria-label="Episode number"
            min={first}
            max={Math.max(first, episodes - 1)}
            value={episodes ? episode : ""}
            disabled={episodes === 0}
            // Typed: the episode to go to, kept within the run's (an empty or partial entry waits for a number).
            // On `input`: onChange skips an entry equal to the shown episode, and typing the episode a live
            // view follows must still keep it there (Follow live off), not let the run's next steps take it away.
            onInput={(event) => {
              const typed = event.currentTarget.valueAsNumber;
              if (Number.isInteger(typed)) select({ episode: Math.max(first, Math.min(episodes - 1, typed)), step: 0 });
            }}
          />
          <input
            type="range"
            aria-label="Episode"
            min={first}
            max={Math.max(first, episodes - 1)}
            value={episode}
            disabled={episodes === 0}
            onInput={(event) => select({ episode: Number(event.currentTarget.value), step: 0 })}
          />
        </label>
        <label>
          Step{" "}
          <output title={steps ? `Numbered from 0, as in the heading: ${counted(steps, "step")} recorded in this episode, 0 to ${shownCount(steps - 1)}` : undefined}>
            {stepCounter(step, steps)}
          </output>
          <input
            type="range"
            aria-label="Step"
            min={0}
            max={Math.max(0, steps - 1)}
            value={Math.min(step, Math.max(0, steps - 1))}
            disabled={steps === 0}
            onInput={(event) => select({ episode, step: Number(event.currentTarget.value) })}
          />
        </label>
        <label className="check">
          <input type="checkbox" checked={follow} disabled={!live} onChange={(event) => store.getState().setFollowLive(event.target.checked)} />
          Follow live
        </label>
      </div>
      {dropped > 0 && (
        <span className="muted scrubber-note" role="note">
          {shownCount(dropped)} detail events skipped (all in trace.jsonl)
        </span>
      )}
    </>
  );
}

/**
 * The Step slider's value: the step's id, numbered from 0 as the heading ("Episode 1, step 13") and the trace number
 * it, and the episode's last id. "13/13" read as the 13th of 13 steps where the episode had 14.
 */
export function stepCounter(step: number, steps: number): string {
  if (steps === 0) return "–";
  const last = steps - 1;
  return step >= last ? `${shownCount(last)} (last)` : `${shownCount(step)} (last ${shownCount(last)})`;
}

/** ←/→ over steps (into the previous / next episode at the ends). */
export function stepByKey(store: TraceStore, delta: -1 | 1): void {
  const view = store.getState();
  const selection = view.selection ?? { episode: 0, step: 0 };
  const steps = stepCount(view, selection.episode);
  let { episode, step } = selection;
  step += delta;
  if (step < 0 && episode > firstEpisode(view.data)) {
    episode--;
    step = Math.max(0, stepCount(view, episode) - 1);
  } else if (step >= steps && episode + 1 < episodeCount(view.data)) {
    episode++;
    step = 0;
  }
  const last = Math.max(0, stepCount(view, episode) - 1);
  view.select({ episode, step: Math.max(0, Math.min(step, last)) });
}
