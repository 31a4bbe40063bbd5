import { useSyncExternalStore, type CSSProperties } from "react";
import { create } from "zustand";

/** The panels around the canvas that the user can resize and fold away. */
export type PanelName = "palette" | "side" | "bottom";

export interface PanelState {
  /** Width (palette, side) or height (bottom) in CSS pixels, kept while folded; null until the user sizes it (defaultPanelSize). */
  size: number | null;
  collapsed: boolean;
}

/** Sizes a panel may take: below `min` its content no longer fits, `max` leaves the canvas its share. */
export const PANEL_LIMITS: Record<PanelName, { min: number; max: number }> = {
  palette: { min: 150, max: 420 },
  side: { min: 260, max: 760 },
  bottom: { min: 140, max: 640 },
};

/** What the bottom dock was before its default followed the window: a saved 320 is that default, not a choice. */
const OLD_BOTTOM_DEFAULT = 320;

/**
 * A panel's size until the user sizes it. The bottom dock takes 36% of the window's height, 200 to 320 px: 320 (as
 * it always had) from about 890 px high, 259 at 720, where a fixed 320 left the canvas 363 px.
 */
export function defaultPanelSize(panel: PanelName, windowHeight: number): number {
  if (panel === "palette") return 200;
  if (panel === "side") return 340;
  return Math.round(Math.min(320, Math.max(200, windowHeight * 0.36)));
}

/**
 * Below this window width the mini map is hidden until the user shows it: at 1024 px its corner took a third
 * of the canvas's height, and Fit view, keeping clear of it, drew the cards in 6 px type.
 */
export const MINIMAP_MIN_WINDOW_WIDTH = 1200;

/** Whether the mini map shows in a window this wide: the user's choice (`chosen`), else from MINIMAP_MIN_WINDOW_WIDTH up. */
export function minimapShown(chosen: boolean | null, windowWidth: number): boolean {
  return chosen ?? windowWidth >= MINIMAP_MIN_WINDOW_WIDTH;
}

export interface WorkspaceState {
  palette: PanelState;
  side: PanelState;
  bottom: PanelState;
  /** Whether the canvas shows its mini map, as the user chose; null until they choose (minimapShown). */
  minimap: boolean | null;
  resize(panel: PanelName, size: number): void;
  setCollapsed(panel: PanelName, collapsed: boolean): void;
  toggle(panel: PanelName): void;
  setMinimap(shown: boolean): void;
}

const STORAGE_KEY = "foresight.workspace";
/** Where an earlier version kept only whether the run panels were folded. */
const OLD_BOTTOM_KEY = "foresight.runPanelsCollapsed";

type Saved = Pick<WorkspaceState, PanelName | "minimap">;
/**
 * As stored: the mini map's choice under a key of its own, as earlier versions stored `minimap: true` whether
 * or not the user chose it (a stored false was a choice: the default was true).
 */
type Stored = Pick<WorkspaceState, PanelName> & { minimapChoice: boolean | null; minimap?: boolean };

function clampSize(panel: PanelName, size: number): number {
  const { min, max } = PANEL_LIMITS[panel];
  return Math.round(Math.min(max, Math.max(min, size)));
}

const FRESH: Saved = {
  palette: { size: null, collapsed: false },
  side: { size: null, collapsed: false },
  bottom: { size: null, collapsed: false },
  minimap: null,
};

/** The layout saved as `raw` (null: none saved; `oldBottomFolded`: what an earlier version kept instead). */
export function savedLayout(raw: string | null, oldBottomFolded = false): Saved {
  if (!raw) return { ...FRESH, bottom: { ...FRESH.bottom, collapsed: oldBottomFolded } };
  try {
    const saved = JSON.parse(raw) as Partial<Stored>;
    const panel = (name: PanelName): PanelState => {
      const value = saved[name];
      if (!value || (typeof value.size !== "number" && value.size !== null) || typeof value.collapsed !== "boolean") return FRESH[name];
      // Versions before the default followed the window saved it as a size like any other.
      const size = value.size === null || (name === "bottom" && value.size === OLD_BOTTOM_DEFAULT) ? null : clampSize(name, value.size);
      return { size, collapsed: value.collapsed };
    };
    return { palette: panel("palette"), side: panel("side"), bottom: panel("bottom"), minimap: typeof saved.minimapChoice === "boolean" ? saved.minimapChoice : saved.minimap === false ? false : null };
  } catch {
    // A value this version cannot read: start from the defaults.
    return FRESH;
  }
}

function initial(): Saved {
  try {
    return savedLayout(localStorage.getItem(STORAGE_KEY), localStorage.getItem(OLD_BOTTOM_KEY) === "1");
  } catch {
    // Storage off: start from the defaults.
    return FRESH;
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
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ palette, side, bottom, minimapChoice: minimap } satisfies Stored));
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

const onWindowResize = (changed: () => void) => {
  window.addEventListener("resize", changed);
  return () => window.removeEventListener("resize", changed);
};

/** Whether the canvas shows its mini map now: the user's choice, else what the window's width calls for. */
export function useMinimapShown(): boolean {
  const chosen = useWorkspace((state) => state.minimap);
  const windowWidth = useSyncExternalStore(onWindowResize, () => window.innerWidth);
  return minimapShown(chosen, windowWidth);
}

/** A panel's size in CSS pixels as shown unfolded: the user's, or the default for the window's height. */
export function usePanelSize(panel: PanelName): number {
  const size = useWorkspace((state) => state[panel].size);
  const windowHeight = useSyncExternalStore(onWindowResize, () => window.innerHeight);
  return size ?? defaultPanelSize(panel, windowHeight);
}

/** The app grid's props: the CSS variables its column and row sizes come from, and which panels are folded. */
export function useWorkspaceLayout(): { style: CSSProperties; "data-folded": string } {
  const palette = useWorkspace((state) => state.palette);
  const side = useWorkspace((state) => state.side);
  const bottom = useWorkspace((state) => state.bottom);
  const size = { palette: usePanelSize("palette"), side: usePanelSize("side"), bottom: usePanelSize("bottom") };
  const style = {
    "--palette-size": palette.collapsed ? "0px" : `${size.palette}px`,
    "--side-size": side.collapsed ? "0px" : `${size.side}px`,
    // A folded bottom dock keeps its tab row (and the problem count).
    "--bottom-size": bottom.collapsed ? "2.4rem" : `${size.bottom}px`,
  } as CSSProperties;
  const folded = (["palette", "side", "bottom"] as const).filter((name) => ({ palette, side, bottom })[name].collapsed).join(" ");
  return { style, "data-folded": folded };
}
