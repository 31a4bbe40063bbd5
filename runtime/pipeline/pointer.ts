/** Builds an RFC 6901 JSON pointer, e.g. ["nodes", 2, "params", "n"] → "/nodes/2/params/n". */
export function jsonPointer(path: readonly PropertyKey[]): string {
  return path.map((part) => "/" + String(part).replace(/~/g, "~0").replace(/\//g, "~1")).join("");
}
