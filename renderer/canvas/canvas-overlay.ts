import type { XYPosition } from "@xyflow/react";
import { create } from "zustand";

/** What a context menu is about. */
export type MenuTarget =
  | { type: "node"; nodeId: string }
  | { type: "edge"; edgeId: string }
  | { type: "canvas"; at: XYPosition }
  /** A note or a group's frame, by its canvas id ("note:…", "group:…"). */
  | { type: "note"; noteId: string }
  | { type: "group"; frameId: string };

/** The one transient thing over the canvas at a time: a find box, a node search, a port list, a menu or the shortcut list. */
export type CanvasOverlay =
  | { type: "find" }
  /** Node search; adds the chosen kind at `at` (flow coordinates), or into `edgeId` when set. */
  | { type: "add-node"; at: XYPosition; edgeId?: string }
  | { type: "connect"; nodeId: string }
  /** `x`, `y`: where on screen the menu opens. */
  | { type: "menu"; target: MenuTarget; x: number; y: number }
  | { type: "shortcuts" };

interface OverlayState {
  overlay: CanvasOverlay | null;
  /** Where focus was before the overlay opened, to go back to when it closes. */
  returnFocus: HTMLElement | null;
  open(overlay: CanvasOverlay): void;
  close(): void;
}

export const useCanvasOverlay = create<OverlayState>()((set, get) => ({
  overlay: null,
  returnFocus: null,
  open(overlay) {
    const active = document.activeElement;
    set({ overlay, returnFocus: get().overlay ? get().returnFocus : active instanceof HTMLElement ? active : null });
  },
  close() {
    const { returnFocus } = get();
    set({ overlay: null, returnFocus: null });
    if (returnFocus?.isConnected) returnFocus.focus();
  },
}));
