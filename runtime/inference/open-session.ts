import { listSupportedBackends } from "onnxruntime-node";
import { openNativeSession, type OrtSession } from "./native-session.js";
import { PROVIDER_TITLES, resolveProviders, wantedProviders, type ConcreteProvider } from "./providers.js";
import type { ExecutionProvider } from "./types.js";

/** A session on the best provider that worked, and why it is not the one asked for. */
export interface OpenedSession {
  session: OrtSession;
  provider: ConcreteProvider;
  note?: string;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0]!.trim();
}

function fallbackNote(passedOver: [ConcreteProvider, string][], used: ConcreteProvider): string {
  const reasons = passedOver.map(([provider, reason]) => `${PROVIDER_TITLES[provider]} execution provider not available (${reason})`);
  const hint = passedOver.some(([provider]) => provider === "cuda") ? ' See README "GPU" for installing onnxruntime-node with CUDA.' : "";
  return `${reasons.join("; ")}; running on ${PROVIDER_TITLES[used]}.${hint}`;
}

/**
 * Creates an onnxruntime session for a model file, trying the providers for the request
 * one at a time (onnxruntime fails the whole session when a listed provider cannot
 * load, rather than skipping it), and says in a note which ones were passed over and why.
 * onnxruntime reads the path itself (weights in external data files resolve beside it), so the file
 * must have passed readModelFile first, as model-cache's loadEntry does through readModelInfo.
 */
export async function openSession(file: string, requested: ExecutionProvider, intraOpThreads: number): Promise<OpenedSession> {
  const available = resolveProviders(requested, process.platform, listSupportedBackends());
  const passedOver: [ConcreteProvider, string][] = [];
  for (const provider of wantedProviders(requested, process.platform)) {
    if (!available.includes(provider)) {
      passedOver.push([provider, "not included in this onnxruntime-node build"]);
      continue;
    }
    try {
      const session = openNativeSession(file, {
        executionProviders: [provider],
        intraOpNumThreads: intraOpThreads,
        graphOptimizationLevel: "all",
      });
      return passedOver.length === 0 ? { session, provider } : { session, provider, note: fallbackNote(passedOver, provider) };
    } catch (error) {
      if (provider === "cpu") throw new Error(`onnxruntime cannot load ${file}: ${firstLine(error)}`, { cause: error });
      passedOver.push([provider, firstLine(error)]);
    }
  }
  // Every wanted list ends with "cpu", which resolveProviders keeps and which returns or throws above.
  throw new Error(`No execution provider to try for ${file}`);
}
