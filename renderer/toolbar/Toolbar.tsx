import { shortcutLabel } from "../app/shortcuts.js";
import { useEditor } from "../document/editor-store.js";
import { BackToRun } from "../run/BackToRun.js";
import { RunStatus } from "../run/RunStatus.js";
import { runControls, runDisabledBecause } from "../run/run-controls.js";
import { useRun } from "../run/run-store.js";
import { PanelToggles } from "../workspace/PanelToggles.js";
import { DocTitle } from "./DocTitle.js";

export interface ToolbarActions {
  newPipeline(): void;
  open(): void;
  save(): void;
  saveAs(): void;
  validate(): void;
  run(): void;
  pause(): void;
  step(): void;
  stop(): void;
}

/** File, validation and run controls, with the document's name and whether it has unsaved changes. */
export function Toolbar({ actions }: { actions: ToolbarActions }) {
  const hasNodes = useEditor((state) => state.doc.nodes.length > 0);
  const phase = useRun((state) => state.phase);
  const can = runControls(phase, hasNodes);
  return (
    <header className="toolbar">
      <DocTitle />
      <div className="toolbar-group" role="group" aria-label="File">
        <button type="button" onClick={actions.newPipeline}>New</button>
        <button type="button" onClick={actions.open} title={`Open a pipeline file or a template (${shortcutLabel("open")})`}>Open</button>
        <button type="button" onClick={actions.save} title={`Save (${shortcutLabel("save")})`}>Save</button>
        <button type="button" onClick={actions.saveAs} title={`Save under another name (${shortcutLabel("save-as")})`}>Save as</button>
        <button type="button" onClick={actions.validate} title="Check the pipeline for problems now and say how many (it is also checked after every edit)">
          Validate
        </button>
      </div>
      <div className="toolbar-group" role="group" aria-label="Run">
        <button type="button" className="primary" onClick={actions.run} disabled={!can.run} title={can.run ? "Run or resume (F5)" : `${runDisabledBecause(phase, hasNodes) ?? "Not now"} (F5 runs or resumes)`}>
          Run
        </button>
        <button type="button" onClick={actions.pause} disabled={!can.pause} title="Pause (F6)">Pause</button>
        <button type="button" onClick={actions.step} disabled={!can.step} title="One step, then pause (F10)">Step</button>
        <button type="button" onClick={actions.stop} disabled={!can.stop} title="Stop (Shift+F5)">Stop</button>
      </div>
      <RunStatus />
      <BackToRun />
      <PanelToggles />
    </header>
  );
}
