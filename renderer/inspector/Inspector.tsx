import { useEffect, useId, useMemo, useState } from "react";
import type { KindDescription } from "../../protocol/index.js";
import { useEditor } from "../document/editor-store.js";
import { portsOf } from "../document/ports.js";
import { ModelInfoContext, modelPathOf, useModelInfo } from "./model-info.js";
import { ModelSection, useModelSuggestions } from "./ModelSection.js";
import { ScriptTypesContext, scriptPorts } from "../script-editor/script-context.js";
import { RunSettingsForm } from "./RunSettingsForm.js";
import { FieldProblemsContext } from "./field-problems.js";
import { FieldError, HelpText, SuggestionsContext } from "./inputs.js";
import { KindOutputs } from "./KindOutputs.js";
import { SchemaForm } from "./SchemaForm.js";

/** The right panel: the selected node's title, id and params, or the run settings when nothing is selected. */
export function Inspector() {
  // A primitive, not the node array: re-render only when the selection changes.
  const selected = useEditor((state) => {
    const nodes = state.doc.nodes.filter((node) => node.selected);
    return nodes.length === 1 ? nodes[0]!.id : nodes.length;
  });
  return (
    <aside className="inspector" aria-label="Inspector">
      {selected === 0 ? (
        <RunSettingsForm />
      ) : typeof selected === "number" ? (
        <p className="muted">{selected} nodes selected.</p>
      ) : (
        <NodeInspector key={selected} nodeId={selected} />
      )}
    </aside>
  );
}

function NodeInspector({ nodeId }: { nodeId: string }) {
  // The node's data, not the node: dragging the card (a new position) does not re-render the form.
  const data = useEditor((state) => state.doc.nodes.find((n) => n.id === nodeId)?.data);
  const kind = useEditor((state) => (data ? state.kinds.get(data.kind) : undefined));
  const setTitle = useEditor((state) => state.setNodeTitle);
  const setParams = useEditor((state) => state.setNodeParams);
  const titleId = useId();
  const suggestions = useModelSuggestions();
  const modelPath = data ? modelPathOf(data.params) : undefined;
  const model = useModelInfo(modelPath);
  const fieldProblems = useNodeProblems(nodeId);
  if (!data) return null;
  return (
    <section>
      <h2>{kind?.title ?? data.kind}</h2>
      {kind && (
        <p className="help">
          <HelpText text={kind.description} />
        </p>
      )}
      <div className="field">
        <label htmlFor={titleId}>title</label>
        <input id={titleId} type="text" data-node-title={nodeId} value={data.title} onChange={(event) => setTitle(nodeId, event.target.value)} />
      </div>
      <NodeIdField nodeId={nodeId} />
      {kind ? (
        <SuggestionsContext.Provider value={suggestions}>
          <ModelInfoContext.Provider value={model}>
            <ScriptTypesContext.Provider value={kind.runsUserCode ? scriptTypes(nodeId, kind, data.params) : null}>
              <FieldProblemsContext.Provider value={fieldProblems}>
                <SchemaForm schema={kind.paramsSchema} value={data.params} onChange={(params, path) => setParams(nodeId, params as Record<string, unknown>, path)} />
              </FieldProblemsContext.Provider>
            </ScriptTypesContext.Provider>
          </ModelInfoContext.Provider>
        </SuggestionsContext.Provider>
      ) : (
        <p className="error">Unknown node kind “{data.kind}”.</p>
      )}
      <ModelSection modelPath={modelPath} reading={model} />
      {kind && <KindOutputs kind={kind} params={data.params} />}
    </section>
  );
}

/** The node's validation problems, for its fields: their pointers are under /nodes/<its index>/params. */
function useNodeProblems(nodeId: string) {
  const index = useEditor((state) => state.doc.nodes.findIndex((node) => node.id === nodeId));
  const problems = useEditor((state) => state.problems);
  return useMemo(() => ({ base: `/nodes/${index}/params`, problems: (problems ?? []).filter((problem) => problem.nodeId === nodeId) }), [index, nodeId, problems]);
}

/** A node whose params hold user code: its code is typed by the node's own ports (Monaco). */
function scriptTypes(nodeId: string, kind: KindDescription, params: Record<string, unknown>) {
  const { inputs, outputs } = portsOf(kind, params);
  return { nodeId, inputs: scriptPorts(inputs), outputs: scriptPorts(outputs) };
}

/** The node's id, renamed on Enter or leaving the field (edges follow). */
function NodeIdField({ nodeId }: { nodeId: string }) {
  const id = useId();
  const errorId = `${id}-error`;
  const helpId = `${id}-help`;
  const rename = useEditor((state) => state.renameNode);
  const select = useEditor((state) => state.select);
  const [text, setText] = useState(nodeId);
  const [error, setError] = useState<string | undefined>();
  useEffect(() => setText(nodeId), [nodeId]);
  const commit = () => {
    const problem = rename(nodeId, text.trim());
    setError(problem);
    if (!problem && text.trim() !== nodeId) select(text.trim());
  };
  return (
    <div className="field">
      <label htmlFor={id}>id</label>
      <input
        id={id}
        type="text"
        className="mono"
        value={text}
        aria-invalid={error !== undefined}
        aria-describedby={error ? errorId : helpId}
        onChange={(event) => setText(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => {
          if (event.key === "Enter") commit();
        }}
      />
      {error ? (
        <FieldError id={errorId} messages={[error]} />
      ) : (
        <small className="help" id={helpId}>
          <HelpText text={`Used in edges and in \`foresight run --set ${nodeId}.param=…\`.`} />
        </small>
      )}
    </div>
  );
}
