import { stableJson } from "./stable-json.js";

/**
 * Whether two runs act in the same world, by their environment nodes' params: where they differ
 * (the first param that does, in words naming the runs `a` and `b`), their difference is not the
 * pipelines' alone. Nothing when the params are equal. `foresight compare`, `report --baseline` and
 * the Dashboard's baseline say it in these words.
 */
export function worldDifference(paramsA: Record<string, unknown>, paramsB: Record<string, unknown>, a: string, b: string): string | undefined {
  const param = [...new Set([...Object.keys(paramsA), ...Object.keys(paramsB)])].find((key) => stableJson(paramsA[key]) !== stableJson(paramsB[key]));
  if (param === undefined) return undefined;
  const shown = (value: unknown) => (value === undefined ? "unset" : JSON.stringify(value));
  return `${a} and ${b} act in different worlds (their environments' ${param}: ${shown(paramsA[param])} and ${shown(paramsB[param])}), so the difference is not the pipelines' alone`;
}
