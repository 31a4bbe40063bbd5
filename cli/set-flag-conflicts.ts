import { EXIT, ExitError } from "./exit.js";

/** The run settings that both a flag and `--set run.*` can give. */
const FLAGGED_SETTINGS = [
  { key: "run.seed", flag: "--seed", of: (flags: SetAndFlags) => flags.seed },
  { key: "run.episodes", flag: "--episodes", of: (flags: SetAndFlags) => flags.episodes },
] as const;

interface SetAndFlags {
  set?: readonly string[];
  seed?: number;
  episodes?: number;
}

/**
 * Refuses `--set run.seed=…` beside `--seed` (and run.episodes beside --episodes), exit 2. The flag
 * would win and the `--set` be recorded as if it had: a sweep over run.seed would run one seed under
 * several labels, a run's summary would name a seed it did not play. Refused, not settled: neither
 * reading is surely what the user meant. `option` names the --set flag as given (--set-a in compare).
 */
export function refuseSetBesideFlag(flags: SetAndFlags, option = "--set"): void {
  for (const set of flags.set ?? []) {
    const key = set.slice(0, Math.max(0, set.indexOf("=")));
    const setting = FLAGGED_SETTINGS.find((candidate) => candidate.key === key);
    const flagValue = setting?.of(flags);
    if (setting && flagValue !== undefined) {
      throw new ExitError(EXIT.invalid, `${option} ${set} and ${setting.flag} ${flagValue} both set ${key}: give one of them`);
    }
  }
}
