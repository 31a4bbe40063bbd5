import { Column, type CandidateTable } from "../../runtime/candidate-table.js";
import { actionKey } from "../../runtime/environment.js";
import type { ColumnType, DatasetRecord } from "./columns.js";
import { QuotedTexts } from "./quoted-texts.js";
import { utf8, type EpisodeBuffer } from "./episode-buffer.js";
import type { DescribeAction, StepPlace } from "./records.js";

/**
 * Columns of the preferences stream. `prompt`, `chosen` and `rejected` are the standard
 * (non-conversational) preference format TRL's DPOTrainer loads; the rest say where the pair
 * came from and how far apart its scores were.
 */
export const preferenceColumns: Readonly<Record<string, ColumnType>> = {
  episode: "INT32",
  step: "INT32",
  prompt: "STRING",
  chosen: "STRING",
  rejected: "STRING",
  chosen_score: "DOUBLE",
  rejected_score: "DOUBLE",
};

/** What a step's preference pair is built from. */
export interface PreferenceSource {
  table: CandidateTable;
  /** The serialised state the candidates were proposed for. */
  stateText: string;
  /** The column that ranks candidates, higher is better. */
  scoreColumn: string;
  describe: DescribeAction;
}

/**
 * A step-level pair: chosen is the best-scored candidate the risk filter kept (what the agent
 * should have preferred), rejected the worst-scored of all candidates, filtered ones included
 * (they are the clearest negatives: an LLM answer that named no action). Both sides are the same
 * kind of text: the raw completions where the candidates carry them (`Column.text`; rows
 * without one take no part), else the actions as the environment describes them. A row without a
 * score (an empty cell: a filtered row a search did not simulate) takes no part either. Null when
 * the step teaches nothing: no kept candidate, equal scores (no preference), or the same action
 * on both sides. Ties go to the lower row index.
 */
export function preferenceRecord(source: PreferenceSource, place: StepPlace): DatasetRecord | null {
  const { table, scoreColumn, describe } = source;
  const scores = table.column(scoreColumn);
  if (!scores) {
    throw new Error(
      `episode ${place.episode}, step ${place.step}: preference pairs rank candidates by the column "${scoreColumn}" ` +
        `(param scoreColumn), but the candidate table has only: ${["action", ...table.columnNames()].join(", ")}`,
    );
  }
  const filtered = table.column(Column.filtered);
  const completions = table.column(Column.text);
  // One pass, ties to the lower index: this runs every step, and index lists and comparators per step cost more than the pair.
  let best: number | undefined;
  let worst: number | undefined;
  for (let i = 0; i < scores.length; i++) {
    const score = scores[i];
    if (typeof score !== "number") {
      if (score === null) continue;
      throw new Error(`episode ${place.episode}, step ${place.step}: preference pairs rank candidates by the column "${scoreColumn}", which is not numeric (row ${i} holds ${JSON.stringify(score)})`);
    }
    if (Number.isNaN(score) || (completions && typeof completions[i] !== "string")) continue;
    if (filtered?.[i] !== true && (best === undefined || score > (scores[best] as number))) best = i;
    if (worst === undefined || score < (scores[worst] as number)) worst = i;
  }
  if (best === undefined || worst === undefined) return null;
  const chosenScore = scores[best] as number;
  const rejectedScore = scores[worst] as number;
  if (!(chosenScore > rejectedScore)) return null;
  const chosenAction = table.actions[best]!;
  const rejectedAction = table.actions[worst]!;
  let chosen: string;
  let rejected: string;
  if (completions) {
    // Two phrasings of one action: the environment tells them apart no better than the other way round.
    if (actionKey(chosenAction) === actionKey(rejectedAction)) return null;
    chosen = completions[best] as string;
    rejected = completions[worst] as string;
  } else {
    chosen = describe(chosenAction);
    rejected = describe(rejectedAction);
    if (chosen === rejected) return null;
  }
  return {
    episode: place.episode,
    step: place.step,
    prompt: source.stateText,
    chosen,
    rejected,
    chosen_score: chosenScore,
    rejected_score: rejectedScore,
  };
}

/** The preference line's keys, each with the punctuation around it, in UTF-8. */
const KEYS = {
  episode: utf8('{"episode":'),
  step: utf8(',"step":'),
  prompt: utf8(',"prompt":'),
  rejectedScore: utf8(',"rejected_score":'),
  end: utf8("}\n"),
};

/**
 * Appends a preference record's JSON line to `out`, as JSON.stringify(record) writes it. False,
 * writing nothing, when a text is not a string (an environment's describeAction gone wrong): the
 * record then goes the general way, which names the column and the step.
 */
export function writePreferenceLine(out: EpisodeBuffer, record: DatasetRecord, texts: QuotedTexts = new QuotedTexts()): boolean {
  const { episode, step, prompt, chosen, rejected, chosen_score: chosenScore, rejected_score: rejectedScore } = record;
  if (typeof prompt !== "string" || typeof chosen !== "string" || typeof rejected !== "string") return false;
  if (typeof episode !== "number" || typeof step !== "number" || typeof chosenScore !== "number" || typeof rejectedScore !== "number") return false;
  out.put(KEYS.episode);
  out.number(episode);
  out.put(KEYS.step);
  out.number(step);
  out.put(KEYS.prompt);
  out.put(texts.of(prompt));
  out.put(texts.pair(chosen, rejected));
  out.number(chosenScore);
  out.put(KEYS.rejectedScore);
  out.number(rejectedScore);
  out.put(KEYS.end);
  return true;
}
