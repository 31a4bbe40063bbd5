import { counted } from "../../protocol/index.js";

/** Says how many episodes the Return curve leaves out: a return past ±1.8e308 (or a NaN reward) has no point to draw. */
export function NotFiniteReturns({ run, baseline }: { run: number; baseline: number }) {
  if (run === 0 && baseline === 0) return null;
  const whose =
    baseline === 0 ? counted(run, "episode's return is", "episodes' return is")
    : run === 0 ? counted(baseline, "baseline episode's return is", "baseline episodes' return is")
    : `${counted(run, "episode's", "episodes'")} return (and ${counted(baseline, "baseline episode's", "baseline episodes'")}) is`;
  return (
    <p className="muted" role="note" data-testid="not-finite-returns">
      {whose} not finite: left out of the Return curve.
    </p>
  );
}
