import { useEffect, useState } from "react";
import { pathFromPipeline } from "../../protocol/model-path.js";
import type { TensorInfo } from "../../protocol/index.js";
import { useEditor } from "../document/editor-store.js";
import { useTransport } from "../transport-context.js";
import type { ModelReading } from "./model-info.js";

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
export function ModelSection({ modelPath, reading }: { modelPath: string | undefined; reading: ModelReading }) {
  if (!modelPath) return null;
  return (
    <section className="model-section" aria-label="Model">
      <h3>Model</h3>
      <p className="mono">{modelPath}</p>
      {reading === null ? (
        <p className="muted">Reading the model…</p>
      ) : "error" in reading ? (
        <p className="help error">{reading.error}</p>
      ) : (
        <>
          <Tensors title="Inputs" tensors={reading.model.inputs} />
          <Tensors title="Outputs" tensors={reading.model.outputs} />
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
