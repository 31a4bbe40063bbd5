import type { MenuItemConstructorOptions } from "electron";
import { describe, expect, it, vi } from "vitest";
import { ACCELERATORS, menuTemplate, type MenuActions } from "../electron/menu.js";

function actions() {
  return {
    command: vi.fn<MenuActions["command"]>(),
    newWindow: vi.fn<MenuActions["newWindow"]>(),
    open: vi.fn<MenuActions["open"]>(),
    openRecent: vi.fn<MenuActions["openRecent"]>(),
    clearRecent: vi.fn<MenuActions["clearRecent"]>(),
    showDocs: vi.fn<MenuActions["showDocs"]>(),
    showAbout: vi.fn<MenuActions["showAbout"]>(),
  } satisfies MenuActions;
}

const submenu = (item: MenuItemConstructorOptions | undefined) => (item?.submenu ?? []) as MenuItemConstructorOptions[];
const labels = (items: MenuItemConstructorOptions[]) => items.filter((item) => item.type !== "separator").map((item) => item.label ?? item.role);
const find = (template: MenuItemConstructorOptions[], menu: string, label: string) => {
  const item = submenu(template.find((m) => m.label?.replace("&", "") === menu)).find((i) => i.label === label);
  if (!item) throw new Error(`no ${menu} › ${label}`);
  return item;
};
const click = (item: MenuItemConstructorOptions) => (item.click as () => void)();

describe("the application menu", () => {
  it("has File, Edit, Run, View and Help with the issue's items, in order", () => {
    const template = menuTemplate({ platform: "linux", appName: "Foresight", recent: [], actions: actions() });
    expect(template.map((menu) => menu.label)).toEqual(["&File", "&Edit", "&Run", "&View", "&Help"]);
    expect(labels(submenu(template[0]))).toEqual(["New", "New from Template…", "Open…", "Open Recent", "Save", "Save As…", "Close", "Quit"]);
    expect(labels(submenu(template[1]))).toEqual(["Undo", "Redo", "Cut", "Copy", "Paste", "Select All", "Add Note", "Group Selection"]);
    expect(labels(submenu(template[2]))).toEqual(["Run", "Pause", "Step", "Stop"]);
    expect(labels(submenu(template[3]))).toEqual(["Fit", "Zoom In", "Zoom Out", "Actual Size", "Toggle Full Screen", "Toggle Developer Tools"]);
    expect(labels(submenu(template[4]))).toEqual(["Documentation", "About Foresight"]);
  });

  it("puts About and Quit in the app menu on macOS", () => {
    const template = menuTemplate({ platform: "darwin", appName: "Foresight", recent: [], actions: actions() });
    expect(template.map((menu) => menu.label)).toEqual(["Foresight", "&File", "&Edit", "&Run", "&View", "&Help"]);
    expect(labels(submenu(template[0]))).toEqual(["About Foresight", "services", "hide", "hideOthers", "unhide", "quit"]);
    expect(labels(submenu(template[1]))).not.toContain("Quit");
    expect(labels(submenu(template[5]))).toEqual(["Documentation"]);
  });

  it("sends each editor command to the page, and does main's own jobs itself", () => {
    const a = actions();
    const template = menuTemplate({ platform: "win32", appName: "Foresight", recent: [], actions: a });
    const commands: [string, string, string][] = [
      ["File", "New from Template…", "openTemplate"],
      ["File", "Save", "save"],
      ["File", "Save As…", "saveAs"],
      ["Edit", "Undo", "undo"],
      ["Edit", "Redo", "redo"],
      // The native role would select the page's text: the page selects a field's text, else every node.
      ["Edit", "Select All", "selectAll"],
      ["Edit", "Add Note", "addNote"],
      ["Edit", "Group Selection", "group"],
      ["Run", "Run", "run"],
      ["Run", "Pause", "pause"],
      ["Run", "Step", "step"],
      ["Run", "Stop", "stop"],
      ["View", "Fit", "fit"],
    ];
    for (const [menu, label, command] of commands) {
      a.command.mockClear();
      click(find(template, menu, label));
      expect(a.command).toHaveBeenCalledExactlyOnceWith(command);
    }
    click(find(template, "File", "New"));
    expect(a.newWindow).toHaveBeenCalledOnce();
    click(find(template, "File", "Open…"));
    expect(a.open).toHaveBeenCalledOnce();
    click(find(template, "Help", "Documentation"));
    expect(a.showDocs).toHaveBeenCalledOnce();
    click(find(template, "Help", "About Foresight"));
    expect(a.showAbout).toHaveBeenCalledOnce();
    expect(find(template, "File", "Close").role).toBe("close");
    // Their clipboard events reach the page, which acts on the nodes outside text fields (renderer/app/edit-menu-on-nodes.ts).
    expect(["Cut", "Copy", "Paste"].map((label) => find(template, "Edit", label).role)).toEqual(["cut", "copy", "paste"]);
    expect(find(template, "Edit", "Select All").role).toBeUndefined();
    expect(find(template, "View", "Toggle Developer Tools").role).toBe("toggleDevTools");
  });

  it("shows the editor's keys; the ones the page binds itself are not registered twice", () => {
    const template = menuTemplate({ platform: "linux", appName: "Foresight", recent: [], actions: actions() });
    const key = (menu: string, label: string) => {
      const item = find(template, menu, label);
      return [item.accelerator, item.registerAccelerator];
    };
    // renderer/app/shortcuts.ts handles Ctrl/Cmd+Z, Ctrl/Cmd+Shift+Z and Ctrl/Cmd+S on keydown.
    expect(key("Edit", "Undo")).toEqual(["CmdOrCtrl+Z", false]);
    expect(key("Edit", "Redo")).toEqual(["CmdOrCtrl+Shift+Z", false]);
    expect(key("File", "Save")).toEqual(["CmdOrCtrl+S", false]);
    // Ctrl/Cmd+G groups on the canvas (use-canvas-shortcuts.ts); the page's N for a note is no menu key at all.
    expect(key("Edit", "Group Selection")).toEqual(["CmdOrCtrl+G", false]);
    expect(key("Edit", "Add Note")).toEqual([undefined, undefined]);
    // Registered: on macOS a text field's Cmd+A reaches the page only through the menu.
    expect(key("Edit", "Select All")).toEqual(["CmdOrCtrl+A", true]);
    expect(key("File", "Save As…")).toEqual(["CmdOrCtrl+Shift+S", true]);
    expect(find(template, "File", "New").accelerator).toBe("CmdOrCtrl+N");
    expect(find(template, "File", "Open…").accelerator).toBe("CmdOrCtrl+O");
    expect(find(template, "File", "Close").accelerator).toBe("CmdOrCtrl+W");
    expect(["Run", "Pause", "Step", "Stop"].map((label) => key("Run", label))).toEqual([
      ["F5", true],
      ["F6", true],
      ["F10", true],
      ["Shift+F5", true],
    ]);
    expect(key("View", "Fit")).toEqual([ACCELERATORS.fit, true]);
    const all = template.flatMap((menu) => submenu(menu)).flatMap((item) => (item.accelerator ? [item.accelerator] : []));
    expect(new Set(all).size).toBe(all.length);
  });

  it("lists recent files (name, full path) and opens or clears them", () => {
    const a = actions();
    const template = menuTemplate({ platform: "linux", appName: "Foresight", recent: ["/p/a.foresight.json", "/q/b.foresight.json"], actions: a });
    const recent = submenu(find(template, "File", "Open Recent"));
    expect(labels(recent)).toEqual(["a.foresight.json", "b.foresight.json", "Clear Recent"]);
    expect(recent[1]?.sublabel).toBe("/q/b.foresight.json");
    click(recent[1]!);
    expect(a.openRecent).toHaveBeenCalledExactlyOnceWith("/q/b.foresight.json");
    click(recent.at(-1)!);
    expect(a.clearRecent).toHaveBeenCalledOnce();
    const empty = submenu(find(menuTemplate({ platform: "linux", appName: "Foresight", recent: [], actions: a }), "File", "Open Recent"));
    expect(empty).toEqual([{ label: "No Recent Files", enabled: false }]);
  });
});
