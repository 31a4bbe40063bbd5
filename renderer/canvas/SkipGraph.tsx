import { tabStops } from "./edge-tab-order.js";

/**
 * The canvas's first Tab stop, shown only while it has the focus: past the graph's cards and edges
 * (a dozen or two Tab presses) and the canvas's controls, to what follows the canvas (the inspector).
 */
export function SkipGraph() {
  return (
    <button
      type="button"
      className="skip-graph"
      onClick={(event) => {
        const area = event.currentTarget.closest("main") ?? event.currentTarget.parentElement!;
        const next = tabStops(document.body).find((stop) => !area.contains(stop) && area.compareDocumentPosition(stop) & Node.DOCUMENT_POSITION_FOLLOWING);
        next?.focus();
      }}
    >
      Skip the graph
    </button>
  );
}
