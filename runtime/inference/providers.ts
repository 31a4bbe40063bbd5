import type { ExecutionProvider } from "./types.js";

/** An execution provider onnxruntime can be asked for by name. */
export type ConcreteProvider = Exclude<ExecutionProvider, "auto">;

/** One entry of onnxruntime-node's `listSupportedBackends()`. */
export interface SupportedBackend {
  name: string;
  /** False when the build supports it but its libraries are a separate download (CUDA, TensorRT). */
  bundled: boolean;
}

/** How providers are named to users. */
export const PROVIDER_TITLES: Record<ConcreteProvider, string> = {
  cpu: "CPU",
  cuda: "CUDA",
  dml: "DirectML",
  coreml: "CoreML",
};

/** The providers worth trying for a request on a platform, best first, whether or not this build has them. */
export function wantedProviders(requested: ExecutionProvider, platform: NodeJS.Platform): ConcreteProvider[] {
  if (requested === "cpu") return ["cpu"];
  if (requested !== "auto") return [requested, "cpu"];
  switch (platform) {
    case "linux":
      return ["cuda", "cpu"];
    case "win32":
      return ["cuda", "dml", "cpu"];
    case "darwin":
      return ["coreml", "cpu"];
    default:
      return ["cpu"];
  }
}

/**
 * The providers to try, in order, for a request on a platform, leaving out those this
 * onnxruntime-node build does not list. A listed but unbundled provider (CUDA without
 * its download) stays in: only creating a session tells whether its libraries load.
 */
export function resolveProviders(
  requested: ExecutionProvider,
  platform: NodeJS.Platform,
  supportedBackends: readonly SupportedBackend[],
): ConcreteProvider[] {
  const present = new Set(supportedBackends.map((backend) => backend.name));
  // The CPU provider is part of every build; keeping it unconditionally guarantees a last resort.
  return wantedProviders(requested, platform).filter((provider) => provider === "cpu" || present.has(provider));
}
