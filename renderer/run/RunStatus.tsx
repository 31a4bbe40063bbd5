import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { useTransport } from "../transport-context.js";
import { mainTrace, useTrace } from "../trace/trace-store.js";
import { RunPhaseAnnouncer } from "./RunPhaseAnnouncer.js";
import { useRun } from "./run-store.js";
import { runStatusParts, viewedRunText } from "./run-status-text.js";
import { rereadViewedRun, useViewedRunListing } from "./viewed-run.js";

/**
 * Two lines in a smaller type where one does not hold the whole gist (a 1280 px toolbar, a run of
 * 100,000 episodes): the counts read whole rather than cut short. Measured after each change, as
 * only the laid-out text tells whether it fits; the toolbar keeps its height either way.
 */
function fitLines(status: HTMLElement | null): void {
  if (!status) return;
  delete status.dataset.lines;
  const gist = status.querySelector<HTMLElement>(".run-status-gist");
  if (gist && gist.scrollWidth > gist.clientWidth) status.dataset.lines = "2";
}

/**
 * One line about the run the toolbar drives, and the live region that announces its phases. The line
 * is a marquee, not live: its counts change ~10 times a second, too often to read out.
 */
export function RunStatus() {
  return (
    <>
      <RunStatusLine />
      <RunPhaseAnnouncer />
    </>
  );
}

/** The run's phase, episode and step, successes and steps so far, and which run it is. */
function RunStatusLine() {
  const run = useRun();
  const box = useRef<HTMLSpanElement>(null);
  const fit = useCallback(() => fitLines(box.current), []);
  useLayoutEffect(fit);
  useEffect(() => {
    const resized = new ResizeObserver(fit);
    resized.observe(box.current!);
    return () => resized.disconnect();
  }, [fit]);
  // A run read from its folder into the step view: named here unless the toolbar's own run is what is shown,
  // or the toolbar's last Run never started (refused, crashed): that is the news.
  const viewed = useTrace(mainTrace, (view) => (view.data.live ? null : view.data.runDir));
  const viewedEpisodes = useTrace(mainTrace, (view) => view.data.episodes);
  const transport = useTransport();
  const [asked, setAsked] = useState(0);
  const opened = useTrace(mainTrace, (view) => view.data.start);
  const listed = useViewedRunListing(transport, viewed, useMemo(() => ({ opened, asked }), [opened, asked]));
  if (viewed !== null && (run.phase === "idle" || (run.phase === "ended" && run.runDir !== null && run.runDir !== viewed))) {
    const gist = viewedRunText(viewedEpisodes, listed);
    const stillRunning = listed?.status === "running elsewhere";
    return (
      <>
        <span ref={box} className="run-status" role="marquee" aria-live="off" aria-label="Run status" data-phase="viewing" title={`${gist} (${viewed})`}>
          <span className="run-status-gist">{gist}</span>
          <span className="run-status-where muted"> · {viewed}</span>
        </span>
        {stillRunning && (
          <button type="button" className="link" title="Read the episodes it has played since from its folder" onClick={() => void rereadViewedRun(transport, viewed).finally(() => setAsked((n) => n + 1))}>
            Refresh
          </button>
        )}
      </>
    );
  }
  if (run.phase === "idle") {
    return (
      <span ref={box} className="run-status muted" role="marquee" aria-live="off" aria-label="Run status" title="No run yet">
        No run yet
      </span>
    );
  }
  const parts = runStatusParts(run);
  const gist = parts.join(" · ");
  const where = run.phase === "ended" ? run.runDir : run.folder;
  // One line where it fits (it must not wrap and push the canvas down), else two smaller ones (fitLines),
  // broken only between the parts; the run's folder gives way first, then the document's title. The whole text on hover.
  return (
    <span ref={box} className="run-status" role="marquee" aria-live="off" aria-label="Run status" data-phase={run.phase} title={where === null ? gist : run.phase === "ended" ? `${gist} (${where})` : `${gist} (the toolbar drives ${where})`}>
      <span className="run-status-gist">
        {parts.length === 1
          ? parts[0]
          : parts.map((part, index) => (
              // The dot ends a line, never starts one: it is kept with the part before it.
              <span key={index}>
                <span className="run-status-part">{index < parts.length - 1 ? `${part} ·` : part}</span>
                {index < parts.length - 1 && " "}
              </span>
            ))}
      </span>
      {where !== null && <span className="run-status-where muted"> · {where}</span>}
    </span>
  );
}
