import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../../runtime/atomic-file.js";
import type { ChatRequest } from "./exchange.js";

/**
 * The request's identity: sha256 of who answers it (the base URL, or an embedded model's fingerprint:
 * ChatProvider.endpoint) and the request body with its keys sorted. The API key is not part of a request
 * body, so it never reaches a hash, a file name or a file.
 */
export function requestHash(endpoint: string, request: ChatRequest): string {
  // Hashed under the name "baseUrl", as before there were embedded models: caches filled then still answer.
  return createHash("sha256").update(stableJson({ baseUrl: endpoint, request })).digest("hex");
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** Responses on disk, one JSON file per request hash (`<folder>/<first 2 hex>/<hash>.json`), written atomically. */
export class ResponseCache {
  constructor(readonly folder: string) {}

  private file(hash: string): string {
    return join(this.folder, hash.slice(0, 2), `${hash}.json`);
  }

  /** The cached response body, or undefined; a damaged file counts as a miss (and is rewritten). */
  read(hash: string): unknown {
    const file = this.file(hash);
    if (!existsSync(file)) return undefined;
    try {
      return (JSON.parse(readFileSync(file, "utf8")) as { response?: unknown }).response;
    } catch {
      return undefined;
    }
  }

  write(hash: string, endpoint: string, request: ChatRequest, response: unknown): void {
    const file = this.file(hash);
    mkdirSync(join(this.folder, hash.slice(0, 2)), { recursive: true });
    writeFileAtomic(file, `${JSON.stringify({ baseUrl: endpoint, request, response }, null, 1)}\n`);
  }
}
