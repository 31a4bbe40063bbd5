import type { KindDescription } from "../../protocol/index.js";
import { useEditor } from "./editor-store.js";

const NO_KINDS: readonly KindDescription[] = [];

/** The host's node kinds (the kind catalog), in palette order; empty until it arrives. */
export function useKindList(): readonly KindDescription[] {
  return useEditor((state) => state.catalog?.kinds ?? NO_KINDS);
}

/** Whether a kind (by name) has the engine's environment role, per the catalog. */
export function environmentRole(kinds: readonly KindDescription[]): (kind: string) => boolean {
  const environments = new Set(kinds.filter((kind) => kind.role === "environment").map((kind) => kind.kind));
  return (kind) => environments.has(kind);
}
