import type { KindDescription } from "../../protocol/index.js";
import { useEditor } from "./editor-store.js";

const NO_KINDS: readonly KindDescription[] = [];

/** The host's node kinds (the kind catalog), in palette order; empty until it arrives. */
export function useKindList(): readonly KindDescription[] {
  return useEditor((state) => state.catalog?.kinds ?? NO_KINDS);
}

/** For each kind with the engine's environment role, its output that carries the observation (by port type); by kind name. */
export function observationOutputs(kinds: readonly KindDescription[]): (kind: string) => string | undefined {
  const ports = new Map<string, string>();
  for (const kind of kinds) {
    const port = kind.role === "environment" ? kind.outputs.find((output) => output.type === "observation") : undefined;
    if (port) ports.set(kind.kind, port.name);
  }
  return (kind) => ports.get(kind);
}
