/** The name in `available` nearest to a mistyped one (at most two edits away, case aside), if any: for "Did you mean …?". */
export function closestName(name: string, available: Iterable<string>): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const candidate of available) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance <= 2 && distance < name.length && (!best || distance < best.distance)) best = { name: candidate, distance };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** `. Did you mean "x"?` when a name close to `name` is available, else nothing. */
export function didYouMean(name: string, available: Iterable<string>): string {
  const suggestion = closestName(name, available);
  return suggestion ? `. Did you mean "${suggestion}"?` : "";
}
