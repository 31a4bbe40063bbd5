/** Where the editor keeps the content hashes of pipelines the user trusted (per browser profile and origin). */
const KEY = "foresight.trustedPipelines";
/** Enough for every pipeline one works on; the oldest are forgotten first. */
const LIMIT = 500;

function read(): string[] {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(KEY) ?? "[]");
    return Array.isArray(stored) ? stored.filter((hash): hash is string => typeof hash === "string") : [];
  } catch {
    return [];
  }
}

/** Whether the user trusted a pipeline with this content hash before. */
export function isTrusted(hash: string): boolean {
  return read().includes(hash);
}

/** Remembers that the user trusted this content (best effort: storage may be full or off). */
export function rememberTrusted(hash: string): void {
  const hashes = [hash, ...read().filter((known) => known !== hash)].slice(0, LIMIT);
  try {
    localStorage.setItem(KEY, JSON.stringify(hashes));
  } catch {
    // Not remembered: the next run asks again, which is safe.
  }
}
