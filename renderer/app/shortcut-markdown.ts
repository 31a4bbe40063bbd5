import { SHORTCUT_GROUPS, SHORTCUTS } from "./shortcuts.js";

const NAMES: Record<string, string> = { Mod: "Ctrl/Cmd", ArrowLeft: "←", ArrowRight: "→", ArrowUp: "↑", ArrowDown: "↓", ContextMenu: "Menu key" };

/** A key combination as the README writes it, for every platform: "Ctrl/Cmd+Shift+Z". */
function readmeKey(combo: string): string {
  const key = combo
    .split("+")
    .map((part) => NAMES[part] ?? part)
    .join("+");
  return `\`${key}\``;
}

/**
 * The README's table of shortcuts, made from the same table as the `?` list (test/shortcut-readme.test.ts
 * checks the README holds it), so the two cannot drift apart.
 */
export function shortcutMarkdown(): string {
  const rows = SHORTCUT_GROUPS.flatMap((group) =>
    SHORTCUTS.filter((shortcut) => shortcut.group === group).map((shortcut) => {
      const keys = shortcut.gesture ?? shortcut.keys.map(readmeKey).join(" ");
      const where = shortcut.where ?? (shortcut.scope === "anywhere" ? "" : shortcut.scope === "canvas focused" ? "on the canvas" : "outside text fields");
      return `| ${group} | ${keys} | ${shortcut.description}${where ? ` (${where})` : ""} |`;
    }),
  );
  return ["| Group | Keys | What it does |", "| --- | --- | --- |", ...rows].join("\n");
}
