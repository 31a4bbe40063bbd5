import { create } from "zustand";
import type { PipelineDocument, TrustInfo, TrustReason } from "../../protocol/index.js";
import { isTrusted, rememberTrusted } from "./trusted-hashes.js";

/** A node shown to the user before they trust it: a Script's code, or the params of a node that starts a program or calls a server. */
export interface NodeToTrust {
  id: string;
  title: string;
  /** "code" for a Script's code, "params" for the params as JSON. */
  shows: "code" | "params";
  text: string;
}

/** The trust dialog's question: what the pipeline would do, and what trusting it goes on to do (run, fork). */
export interface TrustQuestion {
  nodes: NodeToTrust[];
  reasons: TrustReason[];
  hash: string;
  /** The verb of the button: "run" or "fork". */
  then: "run" | "fork";
  answer(trusted: boolean): void;
}

/** The question up (one at a time: App shows it); Run and "Fork from this step" ask the same. */
export const useTrustQuestion = create<{ asked: TrustQuestion | null }>()(() => ({ asked: null }));

/**
 * Whether `pipeline` may run: at once where nothing in it needs trust or this content was trusted
 * before, else once the user answered the trust dialog (remembered per hash: any edit of these nodes asks again).
 */
export function trustToRun(pipeline: PipelineDocument, info: TrustInfo, then: "run" | "fork"): Promise<boolean> {
  if (info.scripts.length === 0 || isTrusted(info.hash)) return Promise.resolve(true);
  return new Promise((resolve) => {
    useTrustQuestion.setState({
      asked: {
        nodes: nodesShown(pipeline, info.scripts),
        reasons: info.reasons,
        hash: info.hash,
        then,
        answer(trusted) {
          useTrustQuestion.setState({ asked: null });
          if (trusted) rememberTrusted(info.hash);
          resolve(trusted);
        },
      },
    });
  });
}

/** The nodes as the pipeline holds them: a Script's code as it is, any other node's params (a command, a server's URL are among them). */
function nodesShown(pipeline: PipelineDocument, ids: string[]): NodeToTrust[] {
  const nodes = Array.isArray(pipeline.nodes) ? (pipeline.nodes as { id?: unknown; title?: unknown; params?: unknown }[]) : [];
  return [...new Set(ids)].map((id) => {
    const node = nodes.find((n) => n?.id === id);
    const params = (node?.params ?? {}) as Record<string, unknown>;
    const title = typeof node?.title === "string" ? node.title : id;
    return typeof params.code === "string" ? { id, title, shows: "code", text: params.code } : { id, title, shows: "params", text: JSON.stringify(params, null, 2) };
  });
}
