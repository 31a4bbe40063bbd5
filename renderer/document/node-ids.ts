/** Short ids for kinds whose names are long, as the shipped examples name them ("q", "risk", "env"). */
const SHORT_IDS: Record<string, string> = {
  environment: "env",
  "q-scorer": "q",
  "risk-filter": "risk",
};

/** A fresh node id for `kind`, unique among `taken`: "sampler", then "sampler-2", "sampler-3", … */
export function uniqueNodeId(kind: string, taken: ReadonlySet<string>): string {
  const base = (SHORT_IDS[kind] ?? kind).replace(/[^A-Za-z0-9_-]/g, "-").replace(/^[^A-Za-z]+/, "") || "node";
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

/** Whether `id` may name a node in a pipeline file. */
export function isValidNodeId(id: string): boolean {
  return /^[A-Za-z][A-Za-z0-9_-]*$/.test(id);
}
