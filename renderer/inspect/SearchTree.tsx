import type { SearchTreeNode, TracedSearchTree } from "../../protocol/index.js";

const STATE_WORDS: Record<SearchTreeNode["state"], string> = {
  expanded: "expanded",
  open: "open",
  ended: "episode ends",
  irreversible: "irreversible, not simulated",
};

const number = (value: number | null) => (value === null ? "–" : Number.isInteger(value) ? String(value) : value.toFixed(3));

/** A tree search's tree at one step (a node's `$searchTree` output): every state with its action, reward, value and estimate. */
export function SearchTree({ tree }: { tree: TracedSearchTree }) {
  const stopped = tree.stoppedBy === "exhausted" ? "searched everything in reach" : `stopped by its ${tree.stoppedBy}`;
  return (
    <figure className="search-tree">
      <figcaption className="muted">
        {tree.$searchTree} · {tree.nodes} states simulated · {stopped}
      </figcaption>
      <ul aria-label="Search tree">
        <SearchState state={tree.root} depth={0} />
      </ul>
    </figure>
  );
}

function SearchState({ state, depth }: { state: SearchTreeNode; depth: number }) {
  const label = (
    <span className={`search-state ${state.state}`}>
      <strong>{state.action ?? "current state"}</strong> · value {number(state.value)}
      {state.action !== undefined && <> · reward {number(state.reward)}</>} · estimate {number(state.estimate)}
      {state.expanded !== undefined && <> · #{state.expanded}</>}
      {state.state !== "expanded" && <span className="muted"> · {STATE_WORDS[state.state]}</span>}
    </span>
  );
  // A children list the trace cut short (over 64) is a summary, not an array.
  const children = Array.isArray(state.children) ? state.children : [];
  return (
    <li>
      {children.length === 0 ? (
        label
      ) : (
        <details open={depth < 1}>
          <summary>{label}</summary>
          <ul>
            {children.map((child, i) => (
              <SearchState key={i} state={child} depth={depth + 1} />
            ))}
          </ul>
        </details>
      )}
    </li>
  );
}
