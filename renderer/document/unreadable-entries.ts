/**
 * Entries of the file's lists that the canvas cannot show: a node, note or group that is not an
 * object, an edge whose "from" or "to" names no port ("executor" without ".action"). They are kept
 * as the file wrote them and saved back where they were, so nothing the user wrote is lost without a
 * word: validation, which reads the saved form, lists each in the Problems panel until the file is fixed.
 */
export type ItemList = "nodes" | "edges" | "notes" | "groups";

/** One such entry, and how many shown items of its list come before it (where it is saved back). */
export interface UnreadableEntry {
  list: ItemList;
  after: number;
  value: unknown;
}

/** The entries of `values` that `readable` refuses, each placed after the readable ones before it. */
export function unreadableEntries(list: ItemList, values: unknown, readable: (value: unknown) => boolean): UnreadableEntry[] {
  const entries: UnreadableEntry[] = [];
  let after = 0;
  for (const value of Array.isArray(values) ? values : []) {
    if (readable(value)) after++;
    else entries.push({ list, after, value });
  }
  return entries;
}

/** The saved list's slots in order: a shown item's index in the editor's list, or an unreadable entry. */
function savedSlots(list: ItemList, shownCount: number, unreadable: readonly UnreadableEntry[]): (number | UnreadableEntry)[] {
  const own = unreadable.filter((entry) => entry.list === list);
  const slots: (number | UnreadableEntry)[] = [];
  let next = 0;
  for (let shown = 0; shown <= shownCount; shown++) {
    // An entry placed after items since deleted goes after the last item left.
    while (next < own.length && Math.min(own[next]!.after, shownCount) === shown) slots.push(own[next++]!);
    if (shown < shownCount) slots.push(shown);
  }
  return slots;
}

/** The list to save: the shown items as `written`, with the unreadable entries back among them. */
export function inFileOrder(list: ItemList, written: readonly unknown[], unreadable: readonly UnreadableEntry[] = []): unknown[] {
  return savedSlots(list, written.length, unreadable).map((slot) => (typeof slot === "number" ? written[slot] : slot.value));
}

/** The editor's index of the item at `savedIndex` of the saved list (what a problem's pointer names); none for an unreadable entry. */
export function shownIndex(list: ItemList, savedIndex: number, shownCount: number, unreadable: readonly UnreadableEntry[] = []): number | undefined {
  const slot = savedSlots(list, shownCount, unreadable)[savedIndex];
  return typeof slot === "number" ? slot : undefined;
}
