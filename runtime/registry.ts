import type { AnyNodeKind } from "./node-kind.js";

/** The set of node kinds a host knows; throws on a duplicate kind so two folders cannot claim one name. */
export class NodeRegistry {
  private readonly kinds = new Map<string, AnyNodeKind>();

  constructor(kinds: readonly AnyNodeKind[] = []) {
    for (const kind of kinds) this.register(kind);
  }

  register(kind: AnyNodeKind): void {
    if (this.kinds.has(kind.kind)) throw new Error(`node kind "${kind.kind}" is registered twice`);
    if (kind.role === "executor" && kind.outputs["transition"]?.type !== "transition") {
      throw new Error(`node kind "${kind.kind}" has the executor role but no "transition" output`);
    }
    if (kind.role === "environment" && kind.outputs["environment"]?.type !== "environment") {
      throw new Error(`node kind "${kind.kind}" has the environment role but no "environment" output`);
    }
    this.kinds.set(kind.kind, kind);
  }

  get(kind: string): AnyNodeKind | undefined {
    return this.kinds.get(kind);
  }

  all(): AnyNodeKind[] {
    return [...this.kinds.values()];
  }

  names(): string[] {
    return [...this.kinds.keys()];
  }
}
