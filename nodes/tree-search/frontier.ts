/**
 * A max-priority queue (binary heap); equal priorities leave in the order they came, so a search
 * expands the same states on every machine.
 */
export class Frontier<T> {
  private readonly items: { item: T; priority: number; order: number }[] = [];
  private added = 0;

  get size(): number {
    return this.items.length;
  }

  push(item: T, priority: number): void {
    const items = this.items;
    items.push({ item, priority, order: this.added++ });
    for (let i = items.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  /** The item with the highest priority, or undefined when empty. */
  pop(): T | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last) {
      items[0] = last;
      for (let i = 0; ; ) {
        const left = 2 * i + 1;
        const right = left + 1;
        let best = i;
        if (left < items.length && this.before(left, best)) best = left;
        if (right < items.length && this.before(right, best)) best = right;
        if (best === i) break;
        [items[i], items[best]] = [items[best]!, items[i]!];
        i = best;
      }
    }
    return top?.item;
  }

  private before(a: number, b: number): boolean {
    const x = this.items[a]!;
    const y = this.items[b]!;
    return x.priority > y.priority || (x.priority === y.priority && x.order < y.order);
  }
}
