import { memo } from "react";
import { chatExchangesOf, counted, isCandidateRows, shownDuration, tracedMarker, type KindDescription, type TracedValue } from "../../protocol/index.js";
import { callId, useTrace, type TraceStore } from "../trace/trace-store.js";
import type { StepDetail } from "../trace/trace-types.js";
import type { CandidateTable } from "./candidate-table.js";
import { ChatExchanges } from "./ChatExchanges.js";
import { firstStepChoices, type FirstStepChoices } from "./search-tree-choices.js";
import { RolloutSamples } from "./RolloutSamples.js";
import { SearchTree } from "./SearchTree.js";
import { hasLines, PortText } from "./PortText.js";

const MAX_TEXT = 1200;

/** A port value in a line or a few: references and summaries (the trace's marked values, protocol/traced-values.ts) in words. */
function describe(value: TracedValue): string {
  const marker = tracedMarker(value);
  if (marker) {
    if ("$from" in marker) return `← ${marker.$from}`;
    if ("$candidatesFrom" in marker) return `${marker.$candidatesFrom} + columns ${Object.keys(marker.columns).join(", ")}`;
    if ("$summary" in marker) {
      if (marker.$summary === "numbers") return `${marker.length} numbers, min ${marker.min}, max ${marker.max}, mean ${marker.mean}`;
      if (marker.$summary === "candidates") return `${marker.length} candidates (first ${marker.head.length} kept)`;
      if (marker.$summary === "text") return `${JSON.stringify(marker.head)}… (${marker.length} characters)`;
      return `${marker.length} values (first ${marker.head.length} kept)`;
    }
    if ("$environment" in marker) return `environment ${marker.$environment}`;
    if ("$searchTree" in marker) return `${marker.$searchTree} search, ${marker.nodes} states`;
    if ("$rolloutSamples" in marker) return `${marker.length} ${marker.length === 1 ? "candidate" : "candidates"} × ${marker.actions[0]?.returns.length ?? 0} samples, ${marker.horizon} steps ahead`;
    if ("$policy" in marker) return `policy ${marker.$policy}`;
    return `valueFunction ${marker.$valueFunction}`;
  }
  if (isCandidateRows(value) && value.length > 8) return `${value.length} candidate rows`;
  const text = JSON.stringify(value);
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}… (${text.length} characters)` : text;
}

/** `choices` is worked out only where a port holds a search tree or a rollout's samples. */
function Ports({ title, values, choices }: { title: string; values: Record<string, TracedValue> | undefined; choices: () => FirstStepChoices }) {
  const entries = Object.entries(values ?? {});
  if (entries.length === 0) return null;
  return (
    <dl className="ports">
      <dt className="muted">{title}</dt>
      {entries.map(([name, value]) => {
        const marker = tracedMarker(value);
        const chat = chatExchangesOf(value);
        if (chat) {
          return (
            <dd key={name}>
              <span className="mono port-name">{name}</span> <span className="mono">{counted(chat.total, "request")}</span>
              <ChatExchanges name={name} exchanges={chat.exchanges} total={chat.total} />
            </dd>
          );
        }
        return (
          <dd key={name}>
            <span className="mono port-name">{name}</span> {!marker && hasLines(value) ? <PortText value={value} /> : <span className="mono">{describe(value)}</span>}
            {marker && "$searchTree" in marker && <SearchTree tree={marker} choices={choices()} />}
            {marker && "$rolloutSamples" in marker && <RolloutSamples record={marker} choices={choices()} />}
          </dd>
        );
      })}
    </dl>
  );
}

/** What a node's view needs of the step beyond its own call: the candidate table, and the run's action names. */
interface StepOutcome {
  table: CandidateTable | null;
  kinds: readonly KindDescription[];
  actionLabels: readonly string[] | undefined;
}

/** Each node's inputs and outputs at this step, from its node.end event. */
export const NodeIO = memo(function NodeIO({ store, detail, inProgress = false, ...step }: { store: TraceStore; detail: StepDetail; inProgress?: boolean } & StepOutcome) {
  if (detail.nodes.length === 0 && inProgress) return <p className="muted">No node has started yet.</p>;
  if (detail.nodes.length === 0) return <p className="muted">No node detail for this step (trace level “steps”, or left out of the live stream).</p>;
  return (
    <ul className="node-io" aria-label="Node inputs and outputs">
      {detail.nodes.map((run, index) => {
        const call = callId(detail.nodes, index);
        return (
          <NodeRunItem
            key={call}
            store={store}
            call={call}
            run={run}
            inProgress={inProgress}
            choices={() => firstStepChoices(run.kind, step.kinds, step.table, detail.end?.action, step.actionLabels)}
          />
        );
      })}
    </ul>
  );
});

/**
 * One node's call; its ports are rendered only while the user has it open. `inProgress`: its step is
 * still playing, so a call with no time yet is running (not one Stop cut short).
 */
function NodeRunItem({ store, call, run, inProgress, choices }: { store: TraceStore; call: string; run: StepDetail["nodes"][number]; inProgress: boolean; choices: () => FirstStepChoices }) {
  const open = useTrace(store, (view) => view.openCalls.has(call));
  return (
    <li>
      <details open={open} onToggle={(event) => store.getState().setCallOpen(call, event.currentTarget.open)}>
        <summary>
          <strong>{run.node}</strong> <span className="muted">{run.kind}</span> {run.ms !== undefined ? <span className="muted">· {shownDuration(run.ms)}</span> : inProgress && !run.error && <span className="muted">· running…</span>}
          {run.error && <span className="error"> · error: {run.error}</span>}
        </summary>
        {open && (
          <>
            <Ports title="inputs" values={run.inputs} choices={choices} />
            <Ports title="outputs" values={run.outputs} choices={choices} />
          </>
        )}
      </details>
    </li>
  );
}
