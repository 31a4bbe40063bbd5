/** Episode numbers as runs of consecutive ones: [0, 1, 2, 5] → [[0, 2], [5, 5]]. */
export function episodeRuns(episodes: readonly number[]): [number, number][] {
  const sorted = [...new Set(episodes)].sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const episode of sorted) {
    const last = runs.at(-1);
    if (last && episode === last[1] + 1) last[1] = episode;
    else runs.push([episode, episode]);
  }
  return runs;
}

/**
 * Episode numbers in words by their runs, "0–99, 110–119", so a gap shows (a queued run whose Redis
 * restarted holds no 100–109); past `most` runs, the rest is "…".
 */
export function episodeRangesText(episodes: readonly number[], most = 6): string {
  const runs = episodeRuns(episodes);
  const shown = runs.slice(0, most).map(([first, last]) => (first === last ? String(first) : `${first}–${last}`));
  return `${shown.join(", ")}${runs.length > most ? ", …" : ""}`;
}

/** The episode numbers from 0 to the highest one in `episodes` that are not in it. */
export function missingEpisodes(episodes: readonly number[]): number[] {
  if (episodes.length === 0) return [];
  const held = new Set(episodes);
  const highest = episodes.reduce((a, b) => Math.max(a, b));
  return Array.from({ length: highest + 1 }, (_, i) => i).filter((i) => !held.has(i));
}
