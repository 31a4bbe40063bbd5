import { Fragment, useEffect, useState } from "react";
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

/** The file's metadata_props, folded: how `foresight train` made it (task, data, settings, final losses), or any other tool's notes. */
function MadeHow({ metadata }: { metadata: Record<string, string> | undefined }) {
  const notes = Object.entries(metadata ?? {});
  if (notes.length === 0) return null;
  const trainedBy = metadata?.["trained_by"];
  const on = [metadata?.["environment"], metadata?.["encoding"] && `"${metadata["encoding"]}"`].filter(Boolean).join(", ");
  return (
    <details className="model-notes">
      <summary>{trainedBy ? `Made by ${trainedBy}${on ? ` on ${on}` : ""}` : "Notes in the file"}</summary>
      <dl className="mono">
        {notes.map(([key, value]) => (
          <Fragment key={key}>
            <dt>{key}</dt>
            <dd>{value}</dd>
          </Fragment>
        ))}
      </dl>
    </details>
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
          <MadeHow metadata={reading.model.metadata} />
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
