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
