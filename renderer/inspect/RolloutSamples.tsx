import type { RolloutActionSamples, TracedRolloutSamples } from "../../protocol/index.js";
import type { FirstStepChoices } from "./search-tree-choices.js";
import "./rollout-samples.css";

const MODEL_WORDS: Record<TracedRolloutSamples["$rolloutSamples"], string> = {
  simulator: "simulated on copies of the environment",
  onnx: "imagined by the learned dynamics model",
};

// Every return to the same digits: a sum of discounted rewards lands beside its round value (−0.9999999999999999 for −1).
const fixed = (value: number, digits: number) => value.toFixed(digits);
const percent = (chance: number) => `${Math.round(chance * 100)}%`;

/**
 * A rollout's simulations at one step (a node's `$rolloutSamples` output): per candidate action, how
 * many samples hit a hazard, and each sample as a bar of the steps it lasted with its return and the
 * step its hazard came at. It answers why a candidate got its risk and return.
 */
export function RolloutSamples({ record, choices }: { record: TracedRolloutSamples; choices: FirstStepChoices }) {
  const perAction = record.actions[0]?.returns.length ?? 0;
  const cut = record.length > record.actions.length ? ` · the first ${record.actions.length} of ${record.length} candidates` : "";
  const learned = record.$rolloutSamples === "onnx";
  return (
    <figure className="rollout-samples">
      <figcaption className="muted">
        {perAction} {perAction === 1 ? "sample" : "samples"} per candidate, {record.horizon} steps ahead, {MODEL_WORDS[record.$rolloutSamples]}
        {cut}
        <br />
        {learned
          ? "Each bar: a sample's expected steps (of the horizon) and its return; hazard: its predicted chance of one."
          : "Each bar: the steps a sample lasted (of the horizon) and its return; ✕ marks the step it hit a hazard or an irreversible step."}
      </figcaption>
      <table aria-label="Rollout samples">
        <thead>
          <tr>
            <th scope="col">candidate</th>
            <th scope="col">samples</th>
          </tr>
        </thead>
        <tbody>
          {record.actions.map((samples) => (
            <ActionRow key={samples.action} samples={samples} horizon={record.horizon} executed={samples.action === choices.executed} />
          ))}
        </tbody>
      </table>
    </figure>
  );
}

function ActionRow({ samples, horizon, executed }: { samples: RolloutActionSamples; horizon: number; executed: boolean }) {
  const n = samples.returns.length;
  const mean = samples.returns.reduce((sum, value) => sum + value, 0) / n;
  const hazards = samples.hazardAt
    ? `${samples.hazardAt.filter((step) => step !== null).length}/${n} hit a hazard`
    : `hazard chance ${percent((samples.hazardChance ?? []).reduce((sum, c) => sum + c, 0) / n)}`;
  return (
    <tr className={executed ? "executed" : undefined} aria-current={executed ? "true" : undefined}>
      <th scope="row">
        {samples.action}
        {executed && <span className="executed-mark"> · executed</span>}
        <span className="rollout-candidate-summary">
          <span className="hazard-count">{hazards}</span>
          <span>mean return {fixed(mean, 3)}</span>
        </span>
      </th>
      <td>
        <ol className="sample-strip" aria-label={`${samples.action}: ${n} ${n === 1 ? "sample" : "samples"}`}>
          {samples.returns.map((value, i) => (
            <Sample key={i} index={i} samples={samples} horizon={horizon} />
          ))}
        </ol>
      </td>
    </tr>
  );
}

/** One sample: a bar of its steps to the horizon's scale, the hazard's step marked on it, its return below. */
function Sample({ index, samples, horizon }: { index: number; samples: RolloutActionSamples; horizon: number }) {
  const steps = samples.steps[index]!;
  const hazardAt = samples.hazardAt?.[index] ?? null;
  const chance = samples.hazardChance?.[index];
  const value = samples.returns[index]!;
  const words = [
    `sample ${index + 1}: return ${fixed(value, 3)}`,
    chance !== undefined ? `expected ${Number(steps.toFixed(2))} of ${horizon} steps` : `lasted ${steps} of ${horizon} steps`,
    chance !== undefined ? `hazard chance ${percent(chance)}` : hazardAt !== null ? `hazard at step ${hazardAt}` : "no hazard",
  ].join(", ");
  const hit = hazardAt !== null || (chance ?? 0) >= 0.5;
  return (
    <li aria-label={words} title={words} className={hit ? "hit" : undefined}>
      <span className="sample-bar" aria-hidden="true">
        <span className="sample-steps" style={{ width: `${(100 * steps) / horizon}%` }} />
        {hazardAt !== null && (
          <span className="hazard-mark" style={{ left: `${(100 * (hazardAt - 0.5)) / horizon}%` }}>
            ✕
          </span>
        )}
      </span>
      <span className="mono sample-return" aria-hidden="true">
        {fixed(value, 2)}
      </span>
      {chance !== undefined && chance > 0 && (
        <span className="mono sample-chance" aria-hidden="true">
          {percent(chance)}
        </span>
      )}
    </li>
  );
}
