/** The protocol's messages as Foresight reads them (docs/environment-protocol.md). */

import type { JsonValue } from "../../../runtime/environment.js";
import { parseSpace, type Space } from "./spaces.js";
import { notJson } from "./unreadable-reply.js";

/** The protocol version Foresight speaks; a process answering another one is refused. */
export const PROTOCOL_VERSION = 1;

/** What a process offers beyond reset and step. */
export type Capability = "snapshot" | "clone" | "fork" | "render" | "batch" | "make" | "columns";

/** The `spaces` reply: what the environment is. */
export interface EnvironmentDeclaration {
  protocol: number;
  /** The environment's own name (e.g. "CartPole-v1"). */
  name: string;
  observationSpace: Space;
  actionSpace: Space;
  capabilities: ReadonlySet<Capability>;
  /** Why snapshots are off, when the process said. */
  snapshotOff?: string;
  actionLabels?: string[];
}

/** A reply the process sent, once its envelope was checked. */
export type Reply = { ok: true; body: Record<string, JsonValue> } | { ok: false; kind: string; error: string };

/** Reads one reply line; throws naming what is wrong with it (not JSON, no `ok`, another request's id). */
export function parseReply(line: string, id: number): Reply {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (error) {
    throw new Error(`answered with ${notJson(line, error as Error)}`, { cause: error });
  }
  return checkReply(json, id, line);
}

/** Reads the reply to a batch (a JSON array of replies, in order). */
export function parseBatchReply(line: string, ids: readonly number[]): Reply[] {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (error) {
    throw new Error(`answered a batch with ${notJson(line, error as Error)}`, { cause: error });
  }
  if (!Array.isArray(json) || json.length !== ids.length) throw new Error(`answered a batch of ${ids.length} requests with ${brief(line)}; expected a list of ${ids.length} replies`);
  return json.map((reply, i) => checkReply(reply, ids[i]!, line));
}

function checkReply(json: unknown, id: number, line: string): Reply {
  if (typeof json !== "object" || json === null || Array.isArray(json) || typeof (json as { ok?: unknown }).ok !== "boolean") {
    throw new Error(`answered with ${brief(line)}, which is not a reply (an object with "ok")`);
  }
  const reply = json as Record<string, JsonValue>;
  if (reply.id !== id) throw new Error(`answered request ${id} with the reply to ${JSON.stringify(reply.id)}: it is out of step`);
  if (reply.ok === false) return { ok: false, kind: typeof reply.kind === "string" ? reply.kind : "error", error: typeof reply.error === "string" ? reply.error : brief(line) };
  return { ok: true, body: reply };
}

/** Reads the `spaces` reply, refusing another protocol version or spaces outside the protocol. */
export function parseDeclaration(body: Record<string, JsonValue>): EnvironmentDeclaration {
  if (body.protocol !== PROTOCOL_VERSION) {
    throw new Error(`speaks protocol version ${JSON.stringify(body.protocol)}; Foresight speaks version ${PROTOCOL_VERSION} (update foresight_env or Foresight)`);
  }
  const known: readonly Capability[] = ["snapshot", "clone", "fork", "render", "batch", "make", "columns"];
  const capabilities = new Set(Array.isArray(body.capabilities) ? known.filter((c) => (body.capabilities as JsonValue[]).includes(c)) : []);
  const labels = body.actionLabels;
  return {
    protocol: PROTOCOL_VERSION,
    name: typeof body.name === "string" ? body.name : "environment",
    observationSpace: parseSpace(body.observationSpace, "observationSpace"),
    actionSpace: parseSpace(body.actionSpace, "actionSpace"),
    capabilities,
    ...(typeof body.snapshotOff === "string" ? { snapshotOff: body.snapshotOff } : {}),
    ...(Array.isArray(labels) && labels.every((l) => typeof l === "string") ? { actionLabels: labels as string[] } : {}),
  };
}

/** A declaration as the `spaces` reply carried it: what run.start records, and parseDeclaration reads back. */
export function declarationJson(declaration: EnvironmentDeclaration): JsonValue {
  const { capabilities, observationSpace, actionSpace, ...rest } = declaration;
  return { ...rest, observationSpace: observationSpace as unknown as JsonValue, actionSpace: actionSpace as unknown as JsonValue, capabilities: [...capabilities] };
}

function brief(text: string): string {
  return JSON.stringify(text.length > 200 ? `${text.slice(0, 200)}...` : text);
}
