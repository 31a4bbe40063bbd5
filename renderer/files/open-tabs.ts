/**
 * Which editor tabs (pages) of this browser are still open, so that one tab offers back only the
 * unsaved changes of tabs that are gone, never those a live tab is still editing. Each tab marks
 * itself open in localStorage with a heartbeat and unmarks itself as it goes (reload, close); a tab
 * that crashed stops beating and counts as gone once its mark is stale.
 */
const KEY = "foresight.openTabs";
const BEAT_MS = 15_000;
/** Past Chrome's throttling of hidden tabs, whose timers may fire once a minute. */
const STALE_MS = 150_000;

/** This page's id: a new one at each load, so a reload's page offers back what the page before it left. */
export const THIS_TAB = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

/** Whether the tab with this id is open (this one included). */
export function isTabOpen(tab: string): boolean {
  const beat = readMarks()[tab];
  return beat !== undefined && Date.now() - beat < STALE_MS;
}

/** Stops this tab's marking (keepTabMarkedOpen), while it marks. */
let stopMarking: (() => void) | null = null;

/** Marks this tab open from now on, until the page goes; answers the function that stops. */
export function keepTabMarkedOpen(): () => void {
  const beat = () => mark(Date.now());
  const leave = () => mark(null);
  beat();
  const timer = setInterval(beat, BEAT_MS);
  window.addEventListener("pagehide", leave);
  // Back from the back/forward cache: the same page, open again.
  window.addEventListener("pageshow", beat);
  const stop = () => {
    clearInterval(timer);
    window.removeEventListener("pagehide", leave);
    window.removeEventListener("pageshow", beat);
    leave();
    if (stopMarking === stop) stopMarking = null;
  };
  stopMarking = stop;
  return stop;
}

/**
 * Counts this tab as gone from now on, though the page stays: its server stopped for good, so it can save
 * nothing, and the page opened on the restarted server must be offered its unsaved changes.
 */
export function markTabGone(): void {
  stopMarking?.();
}

/** Calls `listener` whenever another tab's mark disappears (it closed, or counts itself gone); answers the function that stops. */
export function onTabGone(listener: () => void): () => void {
  const changed = (event: StorageEvent) => {
    if (event.key !== KEY) return;
    const now = parseMarks(event.newValue);
    if (Object.keys(parseMarks(event.oldValue)).some((tab) => !(tab in now))) listener();
  };
  window.addEventListener("storage", changed);
  return () => window.removeEventListener("storage", changed);
}

function mark(beat: number | null): void {
  const now = Date.now();
  // Stale marks (crashed tabs) go as any tab writes.
  const marks = Object.fromEntries(Object.entries(readMarks()).filter(([tab, at]) => tab !== THIS_TAB && now - at < STALE_MS));
  if (beat !== null) marks[THIS_TAB] = beat;
  try {
    localStorage.setItem(KEY, JSON.stringify(marks));
  } catch {
    // Storage off or full: other tabs then see this one as gone, as before marks existed.
  }
}

function readMarks(): Record<string, number> {
  try {
    return parseMarks(localStorage.getItem(KEY));
  } catch {
    return {};
  }
}

function parseMarks(text: string | null): Record<string, number> {
  try {
    const stored: unknown = JSON.parse(text ?? "{}");
    if (typeof stored !== "object" || stored === null) return {};
    return Object.fromEntries(Object.entries(stored).filter((entry): entry is [string, number] => typeof entry[1] === "number"));
  } catch {
    return {};
  }
}
