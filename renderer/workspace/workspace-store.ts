import type { CSSProperties } from "react";
import { create } from "zustand";

/** The panels around the canvas that the user can resize and fold away. */
export type PanelName = "palette" | "side" | "bottom";

export interface PanelState {
  /** Width (palette, side) or height (bottom) in CSS pixels, kept while folded. */
  size: number;
  collapsed: boolean;
}

/** Sizes a panel may take: below `min` its content no longer fits, `max` leaves the canvas its share. */
export const PANEL_LIMITS: Record<PanelName, { min: number; max: number; initial: number }> = {
  palette: { min: 150, max: 420, initial: 200 },
  side: { min: 260, max: 760, initial: 340 },
  bottom: { min: 140, max: 640, initial: 320 },
};

export interface WorkspaceState {
  palette: PanelState;
  side: PanelState;
  bottom: PanelState;
  /** Whether the canvas shows its mini map. */
  minimap: boolean;
  resize(panel: PanelName, size: number): void;
  setCollapsed(panel: PanelName, collapsed: boolean): void;
  toggle(panel: PanelName): void;
  setMinimap(shown: boolean): void;
}

const STORAGE_KEY = "foresight.workspace";
/** Where an earlier version kept only whether the run panels were folded. */
const OLD_BOTTOM_KEY = "foresight.runPanelsCollapsed";

type Saved = Pick<WorkspaceState, PanelName | "minimap">;

function clampSize(panel: PanelName, size: number): number {
  const { min, max } = PANEL_LIMITS[panel];
  return Math.round(Math.min(max, Math.max(min, size)));
}

function initial(): Saved {
  const fresh: Saved = {
    palette: { size: PANEL_LIMITS.palette.initial, collapsed: false },
    side: { size: PANEL_LIMITS.side.initial, collapsed: false },
    bottom: { size: PANEL_LIMITS.bottom.initial, collapsed: false },
    minimap: true,
  };
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    if (!raw) return { ...fresh, bottom: { ...fresh.bottom, collapsed: localStorage.getItem(OLD_BOTTOM_KEY) === "1" } };
    const saved = JSON.parse(raw) as Partial<Saved>;
    const panel = (name: PanelName): PanelState => {
      const value = saved[name];
      if (!value || typeof value.size !== "number" || typeof value.collapsed !== "boolean") return fresh[name];
      return { size: clampSize(name, value.size), collapsed: value.collapsed };
    };
    return { palette: panel("palette"), side: panel("side"), bottom: panel("bottom"), minimap: saved.minimap !== false };
  } catch {
    // Storage off, or a value this version cannot read: start from the defaults.
    return fresh;
  }
}

/** The workspace's layout, remembered in this browser. */
export const useWorkspace = create<WorkspaceState>()((set, get) => ({
  ...initial(),
  resize(panel, size) {
    set({ [panel]: { size: clampSize(panel, size), collapsed: false } });
  },
  setCollapsed(panel, collapsed) {
    if (get()[panel].collapsed !== collapsed) set({ [panel]: { ...get()[panel], collapsed } });
  },
  toggle(panel) {
    get().setCollapsed(panel, !get()[panel].collapsed);
  },
  setMinimap(minimap) {
    set({ minimap });
  },
}));

function remember(): void {
  const { palette, side, bottom, minimap } = useWorkspace.getState();
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ palette, side, bottom, minimap } satisfies Saved));
  } catch {
    // Not remembered (storage off or full): the layout still holds for this session.
  }
}

// A drag changes the size at every pointer move: write once it settles (or as the page goes).
let saveTimer: ReturnType<typeof setTimeout> | undefined;
useWorkspace.subscribe(() => {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(remember, 150);
});
if (typeof window !== "undefined") window.addEventListener("pagehide", remember);

/** The app grid's props: the CSS variables its column and row sizes come from, and which panels are folded. */
export function useWorkspaceLayout(): { style: CSSProperties; "data-folded": string } {
  const palette = useWorkspace((state) => state.palette);
  const side = useWorkspace((state) => state.side);
  const bottom = useWorkspace((state) => state.bottom);
  const style = {
    "--palette-size": palette.collapsed ? "0px" : `${palette.size}px`,
    "--side-size": side.collapsed ? "0px" : `${side.size}px`,
    // A folded bottom dock keeps its tab row (and the problem count).
    "--bottom-size": bottom.collapsed ? "2.4rem" : `${bottom.size}px`,
  } as CSSProperties;
  const folded = (["palette", "side", "bottom"] as const).filter((name) => ({ palette, side, bottom })[name].collapsed).join(" ");
  return { style, "data-folded": folded };
}
