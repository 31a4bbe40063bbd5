/**
 * Every keyboard shortcut of the editor, in one table: the handlers match events against it and the
 * shortcut help (`?`) lists it, so the two cannot disagree. Keys follow VS Code where it has one
 * (Ctrl+B, Ctrl+J, Ctrl+K, F5…) and ComfyUI for the canvas (double-click to add, `.` to fit).
 */

/** Where a shortcut is taken: everywhere, only outside text fields, or only while the canvas has focus. */
export type ShortcutScope = "anywhere" | "outside text fields" | "canvas focused";

export type ShortcutId =
  | "open"
  | "save"
  | "save-as"
  | "undo"
  | "redo"
  | "copy"
  | "paste"
  | "cut"
  | "duplicate"
  | "select-all"
  | "delete"
  | "move"
  | "select-focused"
  | "rename"
  | "find"
  | "find-in-canvas"
  | "add-node"
  | "add-note"
  | "group"
  | "connect"
  | "context-menu"
  | "fit-view"
  | "zoom-in"
  | "zoom-out"
  | "toggle-palette"
  | "toggle-side"
  | "toggle-bottom"
  | "shortcut-help"
  | "close"
  | "run"
  | "pause"
  | "step"
  | "stop"
  | "fit-view-desktop"
  | "note-keep"
  | "note-drop"
  | "panel-resize"
  | "panel-size-limits"
  | "panel-fold"
  | "open-first"
  | "palette-add"
  | "palette-add-more"
  | "step-by-step"
  | "failed-episode"
  | "code-tab-focus";

/**
 * The groups in the order the `?` list and the README show them: short groups first, so in two balanced
 * columns the Run keys show without scrolling beside the long Edit and Canvas lists; last, the keys of one
 * place (a panel's edge, the step inspector, the code editor).
 */
export const SHORTCUT_GROUPS = ["File", "Run", "View", "Edit", "Canvas", "Elsewhere"] as const;

export interface Shortcut {
  id: ShortcutId;
  group: (typeof SHORTCUT_GROUPS)[number];
  /** Key combinations, e.g. "Mod+Shift+Z" (Mod: Ctrl, or Cmd on a Mac); none for a mouse gesture. */
  keys: string[];
  /** For a mouse gesture: what the user does. */
  gesture?: string;
  description: string;
  scope: ShortcutScope;
  /** Where a key of one place only is taken (a panel's edge, a note being typed), for the list; its own component handles it. */
  where?: string;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { id: "open", group: "File", keys: ["Mod+O"], description: "Open a pipeline file or a template", scope: "anywhere" },
  { id: "save", group: "File", keys: ["Mod+S"], description: "Save (asks for a name the first time)", scope: "anywhere" },
  { id: "save-as", group: "File", keys: ["Mod+Shift+S"], description: "Save under another name", scope: "anywhere" },
  { id: "undo", group: "Edit", keys: ["Mod+Z"], description: "Undo", scope: "anywhere" },
  { id: "redo", group: "Edit", keys: ["Mod+Shift+Z", "Mod+Y"], description: "Redo", scope: "anywhere" },
  { id: "copy", group: "Edit", keys: ["Mod+C"], description: "Copy the selected nodes (and the edges between them)", scope: "outside text fields" },
  { id: "cut", group: "Edit", keys: ["Mod+X"], description: "Cut the selected nodes: copy, then delete (one undo step)", scope: "outside text fields" },
  { id: "paste", group: "Edit", keys: ["Mod+V"], description: "Paste copied nodes (with new ids)", scope: "outside text fields" },
  { id: "duplicate", group: "Edit", keys: ["Mod+D"], description: "Duplicate the selected nodes", scope: "outside text fields" },
  { id: "select-all", group: "Edit", keys: ["Mod+A"], description: "Select all nodes", scope: "outside text fields" },
  { id: "delete", group: "Edit", keys: ["Delete", "Backspace"], description: "Delete the focused node or edge when it is not selected, else the selection", scope: "canvas focused" },
  { id: "move", group: "Edit", keys: ["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown"], description: "Move the selected nodes (Shift: further); quick presses are one undo step", scope: "canvas focused" },
  { id: "select-focused", group: "Edit", keys: ["Enter", "Space"], description: "Select only the focused node (Ctrl+Enter: add it to the selection or take it out)", scope: "canvas focused" },
  { id: "rename", group: "Edit", keys: ["F2"], description: "Rename the focused or selected node: its title in the inspector", scope: "outside text fields" },
  { id: "find", group: "Canvas", keys: ["Mod+K"], description: "Find a node by id, title or kind, and zoom to it", scope: "anywhere" },
  { id: "find-in-canvas", group: "Canvas", keys: ["Mod+F"], description: "Find a node (the browser's find elsewhere)", scope: "canvas focused" },
  { id: "add-node", group: "Canvas", keys: [], gesture: "Double-click the canvas", description: "Search the node kinds and add one there", scope: "canvas focused" },
  { id: "add-note", group: "Canvas", keys: ["N"], description: "Add a Markdown note in the middle of the view (double-click a note to edit it)", scope: "outside text fields" },
  { id: "group", group: "Canvas", keys: ["Mod+G"], description: "Group the selected nodes (drag the group's name to move them together)", scope: "outside text fields" },
  { id: "connect", group: "Canvas", keys: ["C"], description: "Connect the focused or selected node: lists the ports it can be wired to", scope: "outside text fields" },
  { id: "context-menu", group: "Canvas", keys: ["Shift+F10", "ContextMenu"], description: "Actions of the selected node (or of the canvas)", scope: "outside text fields" },
  { id: "fit-view", group: "Canvas", keys: ["."], description: "Fit the whole pipeline in view", scope: "outside text fields" },
  { id: "zoom-in", group: "Canvas", keys: ["Mod+="], description: "Zoom in (elsewhere, the browser's page zoom)", scope: "canvas focused" },
  { id: "zoom-out", group: "Canvas", keys: ["Mod+-"], description: "Zoom out (elsewhere, the browser's page zoom)", scope: "canvas focused" },
  { id: "toggle-palette", group: "View", keys: ["Mod+B"], description: "Show or hide the node palette", scope: "anywhere" },
  { id: "toggle-side", group: "View", keys: ["Mod+Alt+B"], description: "Show or hide the side panels (inspector, dashboard, runs)", scope: "anywhere" },
  { id: "toggle-bottom", group: "View", keys: ["Mod+J"], description: "Show or hide the run panels", scope: "anywhere" },
  { id: "shortcut-help", group: "View", keys: ["?"], description: "This list of shortcuts", scope: "outside text fields" },
  { id: "close", group: "View", keys: ["Escape"], description: "Close a menu, the find box or a dialog; else clear the selection (focus on the canvas, or on nothing)", scope: "anywhere" },
  { id: "run", group: "Run", keys: ["F5"], description: "Run, or resume a paused run", scope: "anywhere" },
  { id: "pause", group: "Run", keys: ["F6"], description: "Pause", scope: "anywhere" },
  { id: "step", group: "Run", keys: ["F10"], description: "One step, then pause", scope: "anywhere" },
  { id: "stop", group: "Run", keys: ["Shift+F5"], description: "Stop", scope: "anywhere" },
  // Keys of one place, handled there (listed so that this list is every key the editor has).
  { id: "fit-view-desktop", group: "Elsewhere", keys: ["Mod+1"], description: "Fit view (the View menu's key)", scope: "anywhere", where: "desktop app" },
  { id: "note-keep", group: "Elsewhere", keys: ["Mod+Enter"], description: "Keep the note's text and stop editing (as clicking away does)", scope: "anywhere", where: "typing a note" },
  { id: "note-drop", group: "Elsewhere", keys: ["Escape"], description: "Drop what was typed into the note", scope: "anywhere", where: "typing a note" },
  { id: "panel-resize", group: "Elsewhere", keys: ["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown"], description: "Resize the panel (Shift: in bigger steps)", scope: "anywhere", where: "on a panel's edge" },
  { id: "panel-size-limits", group: "Elsewhere", keys: ["Home", "End"], description: "Smallest / largest size of the panel", scope: "anywhere", where: "on a panel's edge" },
  { id: "panel-fold", group: "Elsewhere", keys: ["Enter"], description: "Fold or unfold the panel", scope: "anywhere", where: "on a panel's edge" },
  { id: "open-first", group: "Elsewhere", keys: ["Enter"], description: "Open the first file or template left by the filter", scope: "anywhere", where: "Open dialog's filter" },
  { id: "palette-add", group: "Elsewhere", keys: ["Enter"], description: "Add the highlighted kind and focus its card (C then connects it)", scope: "anywhere", where: "palette's search" },
  { id: "palette-add-more", group: "Elsewhere", keys: ["Mod+Enter"], description: "Add the highlighted kind and stay in the search, to add more", scope: "anywhere", where: "palette's search" },
  { id: "step-by-step", group: "Elsewhere", keys: ["ArrowLeft", "ArrowRight"], description: "Previous / next step of the run", scope: "anywhere", where: "step inspector" },
  { id: "failed-episode", group: "Elsewhere", keys: ["[", "]"], description: "Previous / next failed episode", scope: "anywhere", where: "step inspector" },
  { id: "code-tab-focus", group: "Elsewhere", keys: ["Ctrl+M"], description: "Tab moves focus out of the code editor (again: Tab indents)", scope: "anywhere", where: "code editor" },
];

// Read loosely: this table is also read by the tests, in Node.
const IS_MAC = /Mac|iPhone|iPad/.test((globalThis as { navigator?: { platform?: string } }).navigator?.platform ?? "");

interface Combo {
  key: string;
  mod: boolean;
  shift: boolean;
  alt: boolean;
}

function parse(combo: string): Combo {
  const parts = combo.split("+");
  // "+" itself is never a key here, so the last part is the key.
  const key = parts.at(-1)!;
  return { key: key.toLowerCase(), mod: parts.includes("Mod"), shift: parts.includes("Shift"), alt: parts.includes("Alt") };
}

/** The parts of a DOM KeyboardEvent the matching reads (this file stays free of DOM types, for the tests). */
interface KeyEventLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
  target: unknown;
}

/** The parts of an event's target the scopes read. */
interface TargetLike {
  isContentEditable?: boolean;
  tagName?: string;
  closest?(selector: string): unknown;
}

function matchesCombo(combo: Combo, event: KeyEventLike): boolean {
  if (event.key.toLowerCase() !== combo.key) return false;
  if ((event.ctrlKey || event.metaKey) !== combo.mod || event.altKey !== combo.alt) return false;
  // A printed symbol such as "?" or "." already says whether Shift was down (and layouts differ in which need it).
  const symbol = combo.key.length === 1 && !/[a-z0-9]/.test(combo.key);
  return symbol || event.shiftKey === combo.shift;
}

/**
 * Whether the event comes from somewhere that takes typing (a field, a contenteditable, a code editor).
 * Monaco is known by its container, not by the element it types into: in Chromium that is a plain
 * DIV taking input through the EditContext API (no textarea, not contentEditable); elsewhere a
 * textarea; and its find box and suggestion list are inputs or lists of their own.
 */
export function inTextField(target: unknown): boolean {
  const element = target as TargetLike | null;
  if (!element) return false;
  if (element.isContentEditable === true || ["INPUT", "TEXTAREA", "SELECT"].includes(element.tagName ?? "")) return true;
  return typeof element.closest === "function" && element.closest(".monaco-editor") !== null;
}

/** Whether the event comes from inside the canvas (a node, an edge or the pane has focus). */
export function inCanvas(target: unknown): boolean {
  const element = target as TargetLike | null;
  return typeof element?.closest === "function" && element.closest("[data-canvas]") !== null;
}

function inScope(scope: ShortcutScope, target: unknown): boolean {
  if (scope === "anywhere") return true;
  if (scope === "canvas focused") return inCanvas(target) && !inTextField(target);
  return !inTextField(target);
}

/** The shortcut among `ids` that this key event means where it happened, if any. */
export function shortcutOf<Id extends ShortcutId>(event: KeyEventLike, ids: readonly Id[]): Id | null {
  for (const shortcut of SHORTCUTS) {
    if (!(ids as readonly ShortcutId[]).includes(shortcut.id)) continue;
    if (!inScope(shortcut.scope, event.target)) continue;
    if (shortcut.keys.some((combo) => matchesCombo(parse(combo), event))) return shortcut.id as Id;
  }
  return null;
}

/** The keys of a shortcut, for xyflow's key props (e.g. deleteKeyCode). */
export function keysOf(id: ShortcutId): string[] {
  return SHORTCUTS.find((shortcut) => shortcut.id === id)?.keys ?? [];
}

/** A key combination as this platform writes it: "Ctrl+Shift+Z", or "⌘⇧Z" on a Mac. */
export function keyLabel(combo: string): string {
  const names: Record<string, string> = IS_MAC ? { Mod: "⌘", Shift: "⇧", Alt: "⌥" } : { Mod: "Ctrl" };
  const arrows: Record<string, string> = { ArrowLeft: "←", ArrowRight: "→", ArrowUp: "↑", ArrowDown: "↓", ContextMenu: "Menu key" };
  const parts = combo.split("+").map((part) => names[part] ?? arrows[part] ?? part);
  return parts.join(IS_MAC ? "" : "+");
}

/** The first key of a shortcut as this platform writes it (for menus and tooltips). */
export function shortcutLabel(id: ShortcutId): string {
  const first = keysOf(id)[0];
  return first ? keyLabel(first) : "";
}
