/**
 * How the LLM scorer and judge read their answer. Models rarely answer with the number alone: they
 * think aloud (`<think>…</think>`), restate the question ("Of the 5 candidates…", "Score (0-1):"),
 * or number their reasoning ("Step 1: …"). So the reasoning block is dropped first, then a number
 * the answer labels as its answer wins, and else the last number: a reply's conclusion comes last.
 */

/** A number as models write it: "3", "-0.5", "0.8", ".8". */
const NUMBER = String.raw`-?(?:\d+(?:\.\d+)?|\.\d+)`;

/** A scale's end the answer names after its number ("0.8 out of 1", "0.8/1"): never the score. */
const SCALE_END = new RegExp(String.raw`(?:out\s+of|/)\s*$`, "i");

/** The answer without a reasoning model's thinking: a closed `<think>` block, or one the token limit cut off. */
export function withoutThinking(text: string): string {
  return text.replace(/<think>[\s\S]*?(?:<\/think>|$)/gi, "");
}

/** The last match's group 1 of each pattern, trying them in order (the first pattern that matches at all wins). */
function lastLabelled(text: string, patterns: readonly RegExp[]): string | undefined {
  for (const pattern of patterns) {
    const matches = [...text.matchAll(pattern)];
    if (matches.length > 0) return matches[matches.length - 1]![1];
  }
  return undefined;
}

/** The last number in the text that is no scale's end. */
function lastNumber(text: string): string | undefined {
  const numbers = [...text.matchAll(new RegExp(NUMBER, "g"))].filter((m) => !SCALE_END.test(text.slice(0, m.index)));
  return numbers[numbers.length - 1]?.[0];
}

/** Labels a score follows: "Score: 0.8", "Score (0-1): 0.8", "Answer: 0.8", "Rating = .8". */
const SCORE_LABELS = [new RegExp(String.raw`\b(?:score|answer|rating)\b[^:=\n]{0,20}[:=]\s*\**\s*(${NUMBER})`, "gi")];

/** The score the answer gives, if it lies in 0..1; otherwise why not (the row's q is then 0). */
export function readScore(text: string): { score: number | null; error: string | null } {
  const answer = withoutThinking(text);
  const found = lastLabelled(answer, SCORE_LABELS) ?? lastNumber(answer);
  if (found === undefined) return { score: null, error: "the answer holds no number" };
  const score = Number(found);
  if (score < 0 || score > 1) return { score: null, error: `the answer's number ${found} is not in 0..1` };
  return { score, error: null };
}

/**
 * Where a judge names its pick, strongest first: an "Answer:" line; a verb ("I pick 2", "I choose
 * #3", "the best is number 2"); "Candidate 2" (the candidates' own names, so a reply that discusses
 * several is read by the last it names).
 */
const PICK_LABELS = [
  /\b(?:final\s+)?answer\b[^:=\n]{0,20}[:=]\s*\**\s*(?:candidate\s*)?#?(\d+)/gi,
  /\b(?:pick|choose|select|chose|picked|selected|choice\s+is|best\s+is|number)\b[:\s]*\**\s*(?:candidate\s*)?#?(\d+)/gi,
  /\bcandidate\s*#?(\d+)/gi,
];

/** The candidate number (1-based in the prompt) the judge names; none or out of range is an error. */
export function readPick(text: string, size: number): { index: number; error: string | null } {
  const answer = withoutThinking(text);
  const found = lastLabelled(answer, PICK_LABELS) ?? [...answer.matchAll(/\d+/g)].at(-1)?.[0];
  if (found === undefined) return { index: -1, error: "the judge's answer holds no candidate number" };
  const number = Number(found);
  if (number < 1 || number > size) return { index: -1, error: `the judge picked ${number}; the candidates are 1..${size}` };
  return { index: number - 1, error: null };
}
