import { useStore, type ReactFlowState } from "@xyflow/react";

/**
 * Below this zoom a card's 12–14 px text is under ~8 px on screen: the canvas switches its cards to
 * their compact form (NodeCard), whose 26 px title stays readable down to about a third of that.
 */
export const COMPACT_BELOW_ZOOM = 0.6;

/** The smallest zoom: Fit view shows a 500-node pipeline whole on a laptop's canvas (xyflow's own floor, 0.5, or our old 0.2, did not). */
export const MIN_ZOOM = 0.02;

const isCompact = (state: ReactFlowState) => state.transform[2] < COMPACT_BELOW_ZOOM;

/**
 * Whether cards show their compact form. The selector's answer changes only when the zoom crosses the
 * threshold, so panning and zooming re-render nothing; the cards follow through one class on the canvas.
 */
export function useCompactCards(): boolean {
  return useStore(isCompact);
}
