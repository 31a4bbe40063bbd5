import type { MenuItemConstructorOptions } from "electron";
import { basename } from "node:path";
import type { MenuCommand } from "../protocol/index.js";

/** What the menu's items do; main.ts wires them to windows, dialogs and the shell. */
export interface MenuActions {
  /** Sends an editor command to the focused window (the page does it, as its toolbar and keys do). */
  command(command: MenuCommand): void;
  newWindow(): void;
  /** File › Open…: the native dialog, then the chosen file in a window. */
  open(): void;
  openRecent(path: string): void;
  clearRecent(): void;
  showDocs(): void;
  showAbout(): void;
}

/**
 * The keys of the menu's editor commands. The page binds some itself (renderer/app/shortcuts.ts:
 * Ctrl/Cmd+Z, Ctrl/Cmd+Shift+Z, Ctrl/Cmd+S, Ctrl/Cmd+G): the menu shows those but does not register them
 * (`registerAccelerator: false`), so one key press is handled once. Add Note has none: the page's key
 * for it is a bare N, which a menu would take from every text field. Run keys follow debuggers
 * (F5 run/continue, Shift+F5 stop, F10 step, F6 pause). Select All is the page's command (text in a
 * field, else every node): the native role would select the page's text. Cut, Copy and Paste keep
 * their roles, whose clipboard events the page turns into node edits outside text fields.
 */
export const ACCELERATORS = {
  new: "CmdOrCtrl+N",
  open: "CmdOrCtrl+O",
  save: "CmdOrCtrl+S",
  saveAs: "CmdOrCtrl+Shift+S",
  close: "CmdOrCtrl+W",
  undo: "CmdOrCtrl+Z",
  redo: "CmdOrCtrl+Shift+Z",
  selectAll: "CmdOrCtrl+A",
  group: "CmdOrCtrl+G",
  run: "F5",
  pause: "F6",
  step: "F10",
  stop: "Shift+F5",
  fit: "CmdOrCtrl+1",
} as const;

/** Accelerators the page handles itself (see ACCELERATORS). */
const PAGE_HANDLED = new Set<string>([ACCELERATORS.save, ACCELERATORS.undo, ACCELERATORS.redo, ACCELERATORS.group]);

function commandItem(label: string, command: MenuCommand, actions: MenuActions, accelerator?: string): MenuItemConstructorOptions {
  return {
    label,
    ...(accelerator ? { accelerator, registerAccelerator: !PAGE_HANDLED.has(accelerator) } : {}),
    click: () => actions.command(command),
  };
}

/** The application menu: File, Edit, Run, View, Help (and the app menu on macOS). A plain array; Menu.buildFromTemplate takes it. */
export function menuTemplate(options: { platform: NodeJS.Platform; appName: string; recent: readonly string[]; actions: MenuActions }): MenuItemConstructorOptions[] {
  const { actions, platform } = options;
  const mac = platform === "darwin";
  const recentItems: MenuItemConstructorOptions[] =
    options.recent.length === 0
      ? [{ label: "No Recent Files", enabled: false }]
      : [
          ...options.recent.map((path): MenuItemConstructorOptions => ({ label: basename(path), sublabel: path, toolTip: path, click: () => actions.openRecent(path) })),
          { type: "separator" },
          { label: "Clear Recent", click: () => actions.clearRecent() },
        ];
  const template: MenuItemConstructorOptions[] = [
    {
      label: "&File",
      submenu: [
        { label: "New", accelerator: ACCELERATORS.new, click: () => actions.newWindow() },
        commandItem("New from Template…", "openTemplate", actions),
        { label: "Open…", accelerator: ACCELERATORS.open, click: () => actions.open() },
        { label: "Open Recent", submenu: recentItems },
        { type: "separator" },
        commandItem("Save", "save", actions, ACCELERATORS.save),
        commandItem("Save As…", "saveAs", actions, ACCELERATORS.saveAs),
        { type: "separator" },
        { label: "Close", role: "close", accelerator: ACCELERATORS.close },
        ...(mac ? [] : [{ type: "separator" } as const, { label: "Quit", role: "quit" } as const]),
      ],
    },
    {
      label: "&Edit",
      submenu: [
        commandItem("Undo", "undo", actions, ACCELERATORS.undo),
        commandItem("Redo", "redo", actions, ACCELERATORS.redo),
        { type: "separator" },
        { label: "Cut", role: "cut" },
        { label: "Copy", role: "copy" },
        { label: "Paste", role: "paste" },
        commandItem("Select All", "selectAll", actions, ACCELERATORS.selectAll),
        { type: "separator" },
        commandItem("Add Note", "addNote", actions),
        commandItem("Group Selection", "group", actions, ACCELERATORS.group),
      ],
    },
    {
      label: "&Run",
      submenu: [
        commandItem("Run", "run", actions, ACCELERATORS.run),
        commandItem("Pause", "pause", actions, ACCELERATORS.pause),
        commandItem("Step", "step", actions, ACCELERATORS.step),
        commandItem("Stop", "stop", actions, ACCELERATORS.stop),
      ],
    },
    {
      label: "&View",
      submenu: [
        commandItem("Fit", "fit", actions, ACCELERATORS.fit),
        { type: "separator" },
        { label: "Zoom In", role: "zoomIn" },
        { label: "Zoom Out", role: "zoomOut" },
        { label: "Actual Size", role: "resetZoom" },
        { type: "separator" },
        { label: "Toggle Full Screen", role: "togglefullscreen" },
        { label: "Toggle Developer Tools", role: "toggleDevTools" },
      ],
    },
    {
      label: "&Help",
      role: "help",
      submenu: [
        { label: "Documentation", click: () => actions.showDocs() },
        ...(mac ? [] : [{ label: `About ${options.appName}`, click: () => actions.showAbout() }]),
      ],
    },
  ];
  if (mac) {
    template.unshift({
      label: options.appName,
      submenu: [
        { label: `About ${options.appName}`, click: () => actions.showAbout() },
        { type: "separator" },
        { role: "services" },
        { type: "separator" },
        { role: "hide" },
        { role: "hideOthers" },
        { role: "unhide" },
        { type: "separator" },
        { role: "quit" },
      ],
    });
  }
  return template;
}
