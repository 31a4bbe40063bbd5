import type { TrustInfo, TrustReason } from "../../protocol/index.js";
import { trustedNodesHash } from "../../runtime/pipeline/trust.js";
import { NodeRegistry } from "../../runtime/registry.js";

/** The nodes of a document that must be trusted before anything runs them. */
export interface NodesToTrust {
  /** Nodes whose params hold user code (Script nodes). */
  scripts: string[];
  /** Nodes that start a program their params name (external environments): validation would start it too. */
  processes: string[];
  /** Nodes that call a server over the network (LLM nodes), with the URL the trust dialog shows in their params. */
  servers: { id: string; url: string }[];
}

/**
 * A document's nodes that need trust and its content hash. Read from the nodes as written,
 * without validating: the editor asks before a run, whatever state the pipeline is in.
 */
export function trustInfo(doc: Record<string, unknown>, registry: NodeRegistry): TrustInfo {
  const { scripts, processes, servers } = nodesToTrust(doc, registry);
  const reasons: TrustReason[] = [
    ...scripts.map((node) => ({ node, does: "runs-code" as const })),
    ...processes.map((node) => ({ node, does: "starts-program" as const })),
    ...servers.map(({ id, url }) => ({ node: id, does: "calls-server" as const, url })),
  ];
  return { scripts: [...scripts, ...processes, ...servers.map((s) => s.id)], reasons, hash: trustHash(doc, registry) };
}

/** The hash a user's trust in `doc` is remembered by: its nodes that need trust, as written (trustedNodesHash). */
export function trustHash(doc: unknown, registry: NodeRegistry): string {
  const { scripts, processes, servers } = nodesToTrust(doc, registry);
  const ids = new Set([...scripts, ...processes, ...servers.map((s) => s.id)]);
  return trustedNodesHash(nodesOf(doc).filter((node) => ids.has(node.id as string)));
}

/** The node objects of a document as written (anything else in `nodes` left out). */
function nodesOf(doc: unknown): { id?: unknown; kind?: unknown; params?: unknown }[] {
  const nodes = typeof doc === "object" && doc !== null && Array.isArray((doc as { nodes?: unknown }).nodes) ? (doc as { nodes: unknown[] }).nodes : [];
  return nodes.filter((node): node is { id?: unknown; kind?: unknown; params?: unknown } => typeof node === "object" && node !== null);
}

/** The nodes of `doc` (as written) that run user code, start a program or call a server. */
export function nodesToTrust(doc: unknown, registry: NodeRegistry): NodesToTrust {
  const found: NodesToTrust = { scripts: [], processes: [], servers: [] };
  for (const { id, kind: name, params } of nodesOf(doc)) {
    const kind = typeof name === "string" ? registry.get(name) : undefined;
    if (typeof id !== "string" || !kind) continue;
    if (kind.runsUserCode === true) found.scripts.push(id);
    else if (kind.startsProcess || kind.callsServer) {
      const parsed = kind.params.safeParse(params ?? {});
      // Params that do not parse start and call nothing: validation reports them and no run starts.
      if (!parsed.success) continue;
      if (kind.startsProcess?.(parsed.data)) found.processes.push(id);
      const url = kind.callsServer?.(parsed.data);
      if (url !== undefined) found.servers.push({ id, url });
    }
  }
  return found;
}

/**
 * `registry` for validating a pipeline nobody trusted yet: a node that would start a program to
 * describe itself reports that it waits for trust instead, and the rest validates as usual.
 */
export function withoutStartingPrograms(registry: NodeRegistry): NodeRegistry {
  return new NodeRegistry(
    registry.all().map((kind) => {
      const { startsProcess, describeEnvironment } = kind;
      if (!startsProcess || !describeEnvironment) return kind;
      return {
        ...kind,
        describeEnvironment(params: unknown, ctx: { pipelineDir: string }) {
          if (startsProcess(params)) throw new Error("this node starts a program its params name; it is not started, nor checked, until you trust the pipeline (Run asks)");
          return describeEnvironment.call(kind, params, ctx);
        },
      };
    }),
  );
}
