import { useStore, useStoreApi, useUpdateNodeInternals, type ReactFlowState } from "@xyflow/react";
import { useEffect, useRef } from "react";

/**
 * Below this zoom a card's 12–14 px text is under ~8 px on screen: the canvas switches its cards to
 * their compact form (CompactCard), whose 30 px title stays readable (10 px on screen) down to a third of that.
 */
export const COMPACT_BELOW_ZOOM = 0.6;

/** The smallest zoom: Fit view shows a 500-node pipeline whole on a laptop's canvas (our old floor, 0.2, did not). */
export const MIN_ZOOM = 0.02;

const isCompact = (state: ReactFlowState) => state.transform[2] < COMPACT_BELOW_ZOOM;

/**
 * Whether cards show their compact form. The selector's answer changes only when the zoom crosses the
 * threshold, so panning and zooming re-render no card (each frame costs a comparison per card).
 */
export function useCompactCards(): boolean {
  return useStore(isCompact);
}

/**
 * When the cards change form, xyflow must measure their port dots again (edges end at them). It does
 * so by itself for a card whose size changed; this asks once for every card, in one store update, so
 * a card that happens to keep its size is not left with its edges ending where its ports were.
 */
export function useRemeasureOnCompact(): void {
  const compact = useCompactCards();
  const updateNodeInternals = useUpdateNodeInternals();
  const store = useStoreApi();
  const seen = useRef(compact);
  useEffect(() => {
    if (seen.current === compact) return;
    seen.current = compact;
    // After the cards rendered their new form (this effect runs after theirs have).
    const frame = requestAnimationFrame(() => updateNodeInternals([...store.getState().nodeLookup.keys()]));
    return () => cancelAnimationFrame(frame);
  }, [compact, store, updateNodeInternals]);
}
