import { createContext, useEffect, useState } from "react";
import type { ModelInfo } from "../../protocol/index.js";
import { useEditor } from "../document/editor-store.js";
import { useTransport } from "../transport-context.js";

/** The selected node's model as the host read it: its tensors, why it could not be read, or null (no model, or not read yet). */
export type ModelReading = { model: ModelInfo } | { error: string } | null;

/** The inspected node's model, for the fields that name its tensors. */
export const ModelInfoContext = createContext<ModelReading>(null);

/** The model path a node's params name: a string `model`, or a `path` (at the top or one level down, e.g. the rollout's model.path). */
export function modelPathOf(params: Record<string, unknown>): string | undefined {
  for (const [name, value] of Object.entries(params)) {
    if ((name === "model" || name === "path") && typeof value === "string" && value.endsWith(".onnx")) return value;
    if (value && typeof value === "object" && !Array.isArray(value)) {
      const inner = modelPathOf(value as Record<string, unknown>);
      if (inner) return inner;
    }
  }
  return undefined;
}

/** Reads the model a node's params name (best effort, debounced while the path is typed). */
export function useModelInfo(modelPath: string | undefined): ModelReading {
  const transport = useTransport();
  const pipelinePath = useEditor((state) => state.path ?? "untitled.foresight.json");
  const baseDir = useEditor((state) => (typeof state.doc.extra.baseDir === "string" ? state.doc.extra.baseDir : undefined));
  const [reading, setReading] = useState<{ path: string; result: ModelReading } | null>(null);
  useEffect(() => {
    if (!modelPath) return;
    let current = true;
    const timer = setTimeout(() => {
      transport.modelInfo(modelPath, pipelinePath, baseDir).then(
        (model) => current && setReading({ path: modelPath, result: { model } }),
        // The host prefixes the method's name ("modelInfo: …"): the user asked for no method.
        (error: Error) => current && setReading({ path: modelPath, result: { error: `Could not read the model: ${error.message.replace(/^modelInfo: /, "")}` } }),
      );
    }, 300);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [transport, modelPath, pipelinePath, baseDir]);
  // A reading of another path (the one before an edit) is not this model's.
  return modelPath && reading?.path === modelPath ? reading.result : null;
}
