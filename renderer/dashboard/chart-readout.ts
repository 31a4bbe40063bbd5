/** How a chart draws a line: the run's and the baseline's, a run's raw points under its mean, or an edge of its 95% band. */
export type LineLook = "run" | "baseline" | "raw-run" | "band-low" | "band-high";

/** What the readout says with no point under the cursor. */
export const READOUT_HINT = "Point at the chart, or focus it and press ← →, to read its values.";

/** The readout's order, whatever the drawing order (raw points and band first, under the lines). */
const READ_ORDER: readonly LineLook[] = ["run", "raw-run", "baseline"];

/** Not a value: a point a line lacks (an episode it left out, or past its end). */
const NONE = "–";

/**
 * The values at one episode as a line of text: "episode 250 · this run 0.84 (95% 0.62–0.95) · baseline 0.31",
 * the run's band beside the run's value, a raw point after them ("each episode 1.20").
 */
export function readoutText(episode: number, lines: readonly { label: string; look: LineLook; value: number | null }[], shown: (value: number) => string): string {
  const value = (look: LineLook) => lines.find((line) => line.look === look)?.value;
  const text = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? NONE : shown(v));
  const parts = [`episode ${episode}`];
  for (const line of [...lines].filter((l) => READ_ORDER.includes(l.look)).sort((a, b) => READ_ORDER.indexOf(a.look) - READ_ORDER.indexOf(b.look))) {
    const band = line.look === "run" && lines.some((l) => l.look === "band-low") ? ` (95% ${text(value("band-low"))}–${text(value("band-high"))})` : "";
    parts.push(`${line.label} ${text(line.value)}${band}`);
  }
  return parts.join(" · ");
}
