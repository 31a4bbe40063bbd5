/** A fresh node id for a node of `kind`, unique among `taken`: its short id or name ("q", "sampler"), then "-2", "-3", … */
export function uniqueNodeId(kind: { kind: string; shortId?: string }, taken: ReadonlySet<string>): string {
  const base = (kind.shortId ?? kind.kind).replace(/[^A-Za-z0-9_-]/g, "-").replace(/^[^A-Za-z]+/, "") || "node";
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

/** Whether `id` may name a node in a pipeline file. */
export function isValidNodeId(id: string): boolean {
  return /^[A-Za-z][A-Za-z0-9_-]*$/.test(id);
}
