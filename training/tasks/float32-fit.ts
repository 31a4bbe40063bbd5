/** The largest finite 32-bit float: a model's weights, inputs and targets are float32. */
const FLOAT32_MAX = 3.4028234663852886e38;

/** `1e39` for 1e+39: a number as a JSON file (and its user) writes it. */
export function shownNumber(value: number): string {
  return String(value).replace("e+", "e");
}

/** Refuses a number that becomes ±Infinity as a 32-bit float: training on it ends in a NaN loss, far from the cause. */
export function refuseOverFloat32(value: number, what: string): void {
  if (Math.abs(value) > FLOAT32_MAX) throw new Error(`${what} ${shownNumber(value)} does not fit a 32-bit float (at most ±3.4e38)`);
}

/** Refuses any number in a parsed JSON value (an observation) that does not fit a 32-bit float. */
export function refuseOverFloat32In(value: unknown, what: string): void {
  if (typeof value === "number") refuseOverFloat32(value, `${what} entry`);
  else if (Array.isArray(value)) for (const item of value) refuseOverFloat32In(item, what);
  else if (value !== null && typeof value === "object") for (const item of Object.values(value)) refuseOverFloat32In(item, what);
}
