import { boxBounds, type BoxBounds } from "../../runtime/action-box.js";
import type { StateView } from "../../runtime/ports.js";

/** A Gaussian's `bounds` field: the state's box bounds, or nothing when no dimension is bounded. */
export function boundsOf(state: StateView): { bounds?: BoxBounds } {
  if (state.actionSpace.kind !== "box") return {};
  const bounds = boxBounds(state.actionSpace);
  const bounded = [...bounds.low, ...bounds.high].some((x) => Number.isFinite(x));
  return bounded ? { bounds } : {};
}
