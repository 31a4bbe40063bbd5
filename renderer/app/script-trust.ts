import type { EditorDocument } from "../document/pipeline.js";

/** Script code the user agreed to run in this session (their params, as JSON). */
const trustedScripts = new Set<string>();

/** The pipeline's nodes that run the user's own code, and the key its trust is remembered under. */
export function scriptsOf(doc: EditorDocument, kinds: ReadonlyMap<string, unknown>) {
  const nodes = doc.nodes.filter((node) => (kinds.get(node.data.kind) as { runsUserCode?: boolean } | undefined)?.runsUserCode === true);
  return { nodes, key: JSON.stringify(nodes.map((node) => node.data.params)) };
}

export const isTrusted = (key: string) => trustedScripts.has(key);
export const trust = (key: string) => void trustedScripts.add(key);
