import { useEffect, useMemo, useState } from "react";
import { counted, type Action, type RunEvent } from "../../protocol/index.js";
import { observationOutputs, useKindList } from "../document/catalog.js";
import { actionLabeller, EnvironmentView } from "../environments/EnvironmentView.js";
import { candidateTable, candidateViews } from "../inspect/candidate-table.js";
import { episodeDetail, type EpisodeDetail } from "../trace/apply-events.js";
import { observationOf } from "../trace/selected-step.js";
import { forkTrace, useTrace } from "../trace/trace-store.js";
import type { StepDetail } from "../trace/trace-types.js";
import { useTransport } from "../transport-context.js";
import { useFork } from "./fork-run.js";
import { paramChanges, shownValue, type ParamChange } from "./param-changes.js";

/** The fork beside the original: the same episode from the fork's step on, each with its grid, steps, return and outcome. */
export function ForkPanel() {
  const transport = useTransport();
  const forkData = useTrace(forkTrace, (view) => view.data);
  // The fork's own run.start says where it branched off; before it arrives, what was asked for.
  const started = forkData.start?.fork;
  const originKey = started ? `${started.runDir}|${started.episode}|${started.step}` : "";
  const asked = useFork((fork) => fork.origin);
  const refused = useFork((fork) => fork.error);
  // Keyed by the origin's text: `started` is a new object with every event batch.
  const origin = useMemo(() => started ?? asked, [originKey, asked]);
  const [original, setOriginal] = useState<EpisodeDetail | null>(null);
  const [forkView, setForkView] = useState(0);
  useEffect(() => {
    if (!origin) return;
    let live = true;
    transport.readEpisode(origin.runDir, origin.episode).then(
      (events: RunEvent[]) => live && setOriginal(episodeDetail(origin.episode, events)),
      () => live && setOriginal(null),
    );
    return () => {
      live = false;
    };
  }, [origin, transport]);
  // Re-read the fork's episode once it ended (the live view keeps only recent steps).
  const forkRunDir = forkData.runDir;
  const forkEnded = forkData.episodes.length > 0;
  const [forkFile, setForkFile] = useState<EpisodeDetail | null>(null);
  // A new fork: forget the last one's file.
  useEffect(() => setForkFile(null), [forkData.runId]);
  useEffect(() => {
    if (!forkEnded || !forkRunDir || !origin) return;
    const timer = setTimeout(() => {
      transport.readEpisode(forkRunDir, origin.episode).then(
        (events) => setForkFile(episodeDetail(origin.episode, events)),
        () => setForkFile(null),
      );
    }, 200);
    return () => clearTimeout(timer);
  }, [forkEnded, forkRunDir, origin, transport, forkView]);
  const changes = useParamChanges(origin?.runDir, forkRunDir, forkEnded);
  if (!origin) return <p className="muted">Fork a step from the Step tab.</p>;
  if (refused) {
    return (
      <section className="fork-panel" aria-label="Fork comparison">
        <p className="error" role="alert">
          The fork of <span className="mono">{origin.runDir}</span>, episode {origin.episode}, step {origin.step} did not start: {refused}
        </p>
      </section>
    );
  }
  const forkSteps = forkFile?.steps.length ? forkFile.steps : [...forkData.steps.values()].filter((step) => step.episode === origin.episode);
  const forkResult = forkData.episodes[0] ?? forkFile?.result;
  const scene = original?.scene ?? forkFile?.scene ?? forkData.scenes.get(origin.episode);
  const label = actionLabeller(scene, original?.actionLabels ?? forkFile?.actionLabels ?? forkData.actionLabels);
  return (
    <section className="fork-panel" aria-label="Fork comparison">
      <p>
        Fork of <span className="mono">{origin.runDir}</span>, episode {origin.episode}, from step {origin.step}
        {forkData.start ? <span className="muted"> → {forkData.start.runId}</span> : <span className="muted"> (starting…)</span>}
        <button type="button" className="link refresh" onClick={() => setForkView((n) => n + 1)}>
          Refresh
        </button>
      </p>
      <ForkChanges changes={changes} />
      <div className="fork-sides">
        <ForkSide title="Original" steps={original?.steps ?? []} from={origin.step} scene={scene} actionLabel={label} result={original?.result} />
        <ForkSide title="Fork" steps={forkSteps} from={origin.step} scene={scene} actionLabel={label} result={forkResult} />
      </div>
    </section>
  );
}

function ForkSide({
  title,
  steps,
  from,
  scene,
  actionLabel,
  result,
}: {
  title: string;
  steps: StepDetail[];
  from: number;
  scene: EpisodeDetail["scene"];
  /** An action as the step view names it ("2 (down)"). */
  actionLabel: (action: Action) => string;
  result: EpisodeDetail["result"];
}) {
  const kinds = useKindList();
  const observationOutput = observationOutputs(kinds);
  const after = steps.filter((step) => step.step >= from);
  const first = after[0];
  const trail = steps.flatMap((step) => {
    const observation = observationOf(step, observationOutput);
    return observation === undefined ? [] : [observation];
  });
  const last = steps.at(-1);
  const label = `${title} grid at step ${first?.step ?? from}, with the episode's path`;
  const table = candidateTable(first, kinds);
  const fromReturn = after.reduce((sum, step) => sum + (step.end?.reward ?? 0), 0);
  return (
    <div className="fork-side" role="group" aria-label={title}>
      <h3>{title}</h3>
      <EnvironmentView
        scene={scene}
        observation={observationOf(first, observationOutput) ?? observationOf(last, observationOutput)}
        candidates={candidateViews(table)}
        chosen={first?.end?.action}
        trail={trail}
        label={label}
      />
      <p data-testid={`${title.toLowerCase()}-outcome`}>
        {result ? (
          <>
            return <strong>{result.return === null ? "–" : result.return.toFixed(3)}</strong> · {result.success ? "success" : result.terminated ? "terminated (failed)" : result.truncated ? "truncated" : result.status} · {counted(result.steps, "step")}
          </>
        ) : (
          <span className="muted">running… {counted(steps.length, "step")} so far</span>
        )}
        <span className="muted"> · reward from step {from}: {fromReturn.toFixed(3)}</span>
      </p>
      <ul className="fork-steps">
        {after.slice(0, 60).map((step) => (
          <li key={step.step}>
            step {step.step}: action {step.end ? (step.end.action === null ? "none" : actionLabel(step.end.action)) : "…"} · reward {step.end?.reward ?? "…"}
            {step.end?.done ? " · done" : ""}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The params the fork's pipeline changed from the original run's (each folder's pipeline.foresight.json); null until both are read. */
function useParamChanges(originalDir: string | undefined, forkDir: string | null, forkEnded: boolean): ParamChange[] | null {
  const transport = useTransport();
  const key = `${originalDir ?? ""}|${forkDir ?? ""}`;
  const [read, setRead] = useState<{ key: string; changes: ParamChange[] } | null>(null);
  useEffect(() => {
    if (!originalDir || !forkDir) return;
    let live = true;
    // A fork's folder read as it starts may hold no run.start yet: read again once its episode ended.
    Promise.all([transport.openRun(originalDir), transport.openRun(forkDir)]).then(
      ([original, fork]) => live && setRead({ key, changes: paramChanges(original.pipeline, fork.pipeline) }),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [key, forkEnded, transport]);
  return read?.key === key ? read.changes : null;
}

/** What the fork changed, on one line: "Changed: filter /threshold 0.2 → 0.5; …", or that it changed nothing. */
function ForkChanges({ changes }: { changes: ParamChange[] | null }) {
  if (!changes) return null;
  if (changes.length === 0) return <p className="muted" data-testid="fork-changes">Params: no changes from the original run&apos;s pipeline.</p>;
  return (
    <p data-testid="fork-changes">
      Changed from the original:{" "}
      {changes.map((change, index) => (
        <span key={`${change.nodeId}${change.pointer}`}>
          {index > 0 && "; "}
          <span className="mono">
            {change.nodeId}
            {change.pointer}
          </span>{" "}
          {shownValue(change.before)} → {shownValue(change.after)}
        </span>
      ))}
    </p>
  );
}
