import type { JsonValue } from "../../../runtime/environment.js";
import type { Request } from "./env-process.js";
import { endianness } from "node:os";
import { shapeSize } from "../../../runtime/structured-space.js";
import type { Space } from "./spaces.js";
import type { Reply } from "./wire.js";

/**
 * The `steps` op (capability `columns`, docs/environment-protocol.md "Steps in columns"): many live
 * environments' steps as one request with a column of env ids and one of actions, answered in
 * columns — rewards, flags, the infos that are not empty, the refusals, and the observations as one
 * base64 block of little-endian float64 (row-major, a row per step) when the space is a Box. Lockstep
 * lanes send their steps of a turn this way: per step it spares both sides an object, and the
 * process the printing of an observation's floats.
 */
export function stepsRequest(steps: readonly Request[]): Request {
  return { op: "steps", envs: steps.map((step) => step.env!), actions: steps.map((step) => step.action!) };
}

/** The reply to a `steps` request as one reply per step, in order; throws naming what is malformed (the process is then out of step). */
export function stepReplies(reply: Reply, count: number, observationSpace: Space): Reply[] {
  if (!reply.ok) return new Array<Reply>(count).fill(reply);
  const { observations, rewards, terminated, truncated, infos, errors } = reply.body;
  const column = <T>(name: string, value: JsonValue | undefined, ok: (x: unknown) => x is T): T[] => {
    if (!Array.isArray(value) || value.length !== count || !value.every(ok)) throw new Error(`answered steps with a ${name} column that is not ${count} values of its type`);
    return value as T[];
  };
  const observed = typeof observations === "string" ? observationRows(observations, count, observationSpace) : column("observations", observations, (x): x is JsonValue => x !== undefined);
  const reward = column("rewards", rewards, (x): x is number => typeof x === "number");
  const ended = column("terminated", terminated, (x): x is boolean => typeof x === "boolean");
  const cut = column("truncated", truncated, (x): x is boolean => typeof x === "boolean");
  const info = byIndex(infos, "infos");
  const refused = byIndex(errors, "errors");
  const empty: Record<string, JsonValue> = {};
  const replies = new Array<Reply>(count);
  for (let i = 0; i < count; i++) {
    const refusal = refused[i] as Record<string, JsonValue> | undefined;
    replies[i] = refusal
      ? { ok: false, kind: typeof refusal.kind === "string" ? refusal.kind : "error", error: typeof refusal.error === "string" ? refusal.error : JSON.stringify(refusal) }
      : { ok: true, body: { observation: observed[i]!, reward: reward[i]!, terminated: ended[i]!, truncated: cut[i]!, info: info[i] ?? empty } };
  }
  return replies;
}

/** A sparse column: an object from a step's index (as text) to its value. */
function byIndex(value: JsonValue | undefined, name: string): Record<string, JsonValue> {
  if (value === undefined) return {};
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error(`answered steps with ${name} that is not an object by step index`);
  return value;
}

const LITTLE_ENDIAN = endianness() === "LE";

/** The observations of a base64 float64 block, each shaped as the Box declares (a number for shape []). */
function observationRows(base64: string, count: number, space: Space): JsonValue[] {
  if (space.type !== "Box") throw new Error(`answered steps with an observation block, but the observation space is a ${space.type}, not a Box`);
  const size = shapeSize(space.shape);
  const bytes = Buffer.from(base64, "base64");
  if (bytes.length !== count * size * 8) throw new Error(`answered steps with an observation block of ${bytes.length} bytes; ${count} observations of ${size} float64 take ${count * size * 8}`);
  const values = new Float64Array(count * size);
  if (LITTLE_ENDIAN) new Uint8Array(values.buffer).set(bytes);
  else for (let i = 0; i < values.length; i++) values[i] = bytes.readDoubleLE(i * 8);
  const rows = new Array<JsonValue>(count);
  for (let i = 0; i < count; i++) rows[i] = shaped(values, i * size, space.shape);
  return rows;
}

/** Row-major values from `at` as the nested lists of `shape`. */
function shaped(values: Float64Array, at: number, shape: readonly number[]): JsonValue {
  if (shape.length === 0) return values[at]!;
  if (shape.length === 1) {
    const row = new Array<number>(shape[0]!);
    for (let j = 0; j < row.length; j++) row[j] = values[at + j]!;
    return row;
  }
  const inner = shape.slice(1);
  const stride = shapeSize(inner);
  return Array.from({ length: shape[0]! }, (_, i) => shaped(values, at + i * stride, inner));
}
