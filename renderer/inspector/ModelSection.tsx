import { useEffect, useState } from "react";
import { pathFromPipeline } from "../../protocol/model-path.js";
import type { ModelInfo, TensorInfo } from "../../protocol/index.js";
import { useEditor } from "../document/editor-store.js";
import { useTransport } from "../transport-context.js";

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

function Tensors({ title, tensors }: { title: string; tensors: TensorInfo[] }) {
  return (
    <>
      <h4>{title}</h4>
      <ul className="mono tensors">
        {tensors.map((tensor) => (
          <li key={tensor.name}>
            {tensor.name}: {tensor.type} [{tensor.shape.map((dim) => dim ?? "?").join(", ")}]
          </li>
        ))}
      </ul>
    </>
  );
}

/** What the node's model file declares (best effort: a missing file just says so). */
export function ModelSection({ params }: { params: Record<string, unknown> }) {
  const transport = useTransport();
  const pipelinePath = useEditor((state) => state.path ?? "untitled.foresight.json");
  const baseDir = useEditor((state) => (typeof state.doc.extra.baseDir === "string" ? state.doc.extra.baseDir : undefined));
  const modelPath = modelPathOf(params);
  const [info, setInfo] = useState<{ model: ModelInfo } | { error: string } | null>(null);
  useEffect(() => {
    if (!modelPath) return;
    let current = true;
    const timer = setTimeout(() => {
      transport.modelInfo(modelPath, pipelinePath, baseDir).then(
        (model) => current && setInfo({ model }),
        (error: Error) => current && setInfo({ error: error.message }),
      );
    }, 300);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [transport, modelPath, pipelinePath, baseDir]);
  if (!modelPath) return null;
  return (
    <section className="model-section" aria-label="Model">
      <h3>Model</h3>
      <p className="mono">{modelPath}</p>
      {info === null ? (
        <p className="muted">Reading the model…</p>
      ) : "error" in info ? (
        <p className="help error">{info.error}</p>
      ) : (
        <>
          <Tensors title="Inputs" tensors={info.model.inputs} />
          <Tensors title="Outputs" tensors={info.model.outputs} />
        </>
      )}
    </section>
  );
}

/** The model files under the root, as paths relative to the pipeline (for the model and path fields' suggestions). */
export function useModelSuggestions(): Record<string, string[]> {
  const transport = useTransport();
  const pipelinePath = useEditor((state) => state.path ?? "untitled.foresight.json");
  const [models, setModels] = useState<string[]>([]);
  useEffect(() => {
    let current = true;
    transport.listFiles().then(
      (listing) => current && setModels(listing.models),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [transport]);
  const relative = models.map((model) => pathFromPipeline(pipelinePath, model));
  return { model: relative, path: relative };
}
