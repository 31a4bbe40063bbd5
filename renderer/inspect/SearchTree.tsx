import type { SearchTreeNode, TracedSearchTree } from "../../protocol/index.js";
import type { FirstStepChoices } from "./search-tree-choices.js";

const STATE_WORDS: Record<SearchTreeNode["state"], string> = {
  expanded: "expanded",
  open: "open",
  ended: "episode ends",
  irreversible: "irreversible, not simulated",
};

const number = (value: number | null) => (value === null ? "–" : Number.isInteger(value) ? String(value) : value.toFixed(3));

/**
 * A tree search's tree at one step (a node's `$searchTree` output): every state with its action,
 * reward, value and estimate; each first step with the score the executor ranked it by, and the
 * executed one marked.
 */
export function SearchTree({ tree, choices }: { tree: TracedSearchTree; choices: FirstStepChoices }) {
  const stopped = tree.stoppedBy === "exhausted" ? "searched everything in reach" : `stopped by its ${tree.stoppedBy}`;
  return (
    <figure className="search-tree">
      <figcaption className="muted">
        {tree.$searchTree} · {tree.nodes} states simulated · {stopped}
        <br />
        #n: the order states were expanded in (#1 the current state)
        {choices.score && <> · {choices.score.label}: a first step&apos;s reward + γ·value (an irreversible one&apos;s estimate), what the executor ranks by</>}
      </figcaption>
      <ul aria-label="Search tree">
        <SearchState state={tree.root} depth={0} choices={choices} />
      </ul>
    </figure>
  );
}

/** One part of a state's line, and how it is set apart. */
interface LinePart {
  text: string;
  className?: string;
  title?: string;
}

function SearchState({ state, depth, choices }: { state: SearchTreeNode; depth: number; choices: FirstStepChoices }) {
  // Only the first level are the candidates the executor chose among.
  const firstStep = depth === 1 && state.action !== undefined;
  const score = firstStep ? choices.score?.byAction.get(state.action!) : undefined;
  const executed = firstStep && state.action === choices.executed;
  const parts: LinePart[] = [
    ...(executed ? [{ text: "executed", className: "executed-mark" }] : []),
    ...(score !== undefined ? [{ text: `${choices.score!.label} ${number(score)}`, className: "search-score" }] : []),
    { text: `value ${number(state.value)}` },
    ...(state.action !== undefined ? [{ text: `reward ${number(state.reward)}` }] : []),
    { text: `estimate ${number(state.estimate)}` },
    ...(state.expanded !== undefined ? [{ text: `#${state.expanded}`, title: `expanded ${ordinal(state.expanded)} (expansion order)` }] : []),
    ...(state.state !== "expanded" ? [{ text: STATE_WORDS[state.state], className: "muted" }] : []),
  ];
  const action = state.action ?? "current state";
  const label = (
    <span className={`search-state ${state.state}${executed ? " executed" : ""}`}>
      <strong>{action}</strong>
      {parts.map((part, i) => (
        <span key={i} className={part.className} title={part.title}>
          {" · "}
          {part.text}
        </span>
      ))}
    </span>
  );
  // A children list the trace cut short (over 64) is a summary, not an array.
  const children = Array.isArray(state.children) ? state.children : [];
  return (
    // A first step is named by its line's words, so a screen reader hears "executed" and the score as the eye sees them.
    <li aria-label={firstStep ? [action, ...parts.map((part) => part.text)].join(", ") : undefined} aria-current={executed ? "true" : undefined}>
      {children.length === 0 ? (
        label
      ) : (
        <details open={depth < 1}>
          <summary>{label}</summary>
          <ul>
            {children.map((child, i) => (
              <SearchState key={i} state={child} depth={depth + 1} choices={choices} />
            ))}
          </ul>
        </details>
      )}
    </li>
  );
}

/** 1st, 2nd, 3rd, 4th, … 11th, 21st. */
function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? "th" : (["th", "st", "nd", "rd"][n % 10] ?? "th");
  return `${n}${suffix}`;
}
