import { create } from "zustand";

/**
 * Which canvas item has its text open for typing: a note's Markdown (a textarea) or a group's name
 * (a field). One at a time; a menu action or a new note opens it, Escape or leaving the field closes it.
 */
export const useItemEditing = create<{ editing: string | null; start(itemId: string): void; stop(): void }>()((set) => ({
  editing: null,
  start: (itemId) => set({ editing: itemId }),
  stop: () => set({ editing: null }),
}));

/** Focuses a canvas item's wrapper (xyflow's focusable element), so the keyboard goes on from there. */
export function focusItem(itemId: string): void {
  requestAnimationFrame(() => document.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(itemId)}"]`)?.focus());
}
