import { useEffect, useState, type ReactNode } from "react";
import { useWorkspace } from "../workspace/workspace-store.js";
import { ForkPanel } from "../fork/ForkPanel.js";
import { useFork, useForkAction } from "../fork/fork-run.js";
import { StepInspector } from "../inspect/StepInspector.js";
import { useLiveRunDir } from "../trace/live-run-dir.js";
import { forkTrace, mainTrace, useShownTrace, useTrace } from "../trace/trace-store.js";
import { shortcutLabel } from "./shortcuts.js";
import { PanelBoundary } from "./PanelBoundary.js";
import { Tabs } from "./Tabs.js";

/** The bottom dock: problems on the left, the step inspector (and a fork's comparison) beside them. */
export function BottomDock({ problems }: { problems: ReactNode }) {
  const [active, setActive] = useState("step");
  const collapsed = useWorkspace((state) => state.bottom.collapsed);
  const setCollapsed = (folded: boolean) => useWorkspace.getState().setCollapsed("bottom", folded);
  const forkAsked = useFork((state) => state.origin !== null);
  const hasFork = useTrace(forkTrace, (view) => view.data.start !== null || view.data.runId !== null) || forkAsked;
  const fork = useForkAction(() => setActive("fork"));
  useLiveRunDir(mainTrace);
  useLiveRunDir(forkTrace);
  const forkShown = active === "fork" && hasFork;
  // The node badges follow the run shown here: the fork's while its tab is open.
  useEffect(() => useShownTrace.setState({ store: forkShown ? forkTrace : mainTrace }), [forkShown]);
  const tabs = [{ id: "step", title: "Step" }, ...(hasFork ? [{ id: "fork", title: "Fork" }] : [])];
  return (
    <footer className={collapsed ? "bottom collapsed" : "bottom"}>
      <div className="bottom-left">
        <PanelBoundary panel="Problems">{problems}</PanelBoundary>
      </div>
      <Tabs
        label="Run panels"
        tabs={tabs}
        active={hasFork ? active : "step"}
        onChange={(id) => {
          setActive(id);
          if (collapsed) setCollapsed(false);
        }}
        className="bottom-main"
        actions={
          <button type="button" className="dock-toggle" aria-expanded={!collapsed} title={`${collapsed ? "Show" : "Hide"} run panels (${shortcutLabel("toggle-bottom")})`} onClick={() => setCollapsed(!collapsed)}>
            {collapsed ? "Show run panels" : "Hide run panels"}
          </button>
        }
      >
        <PanelBoundary key={forkShown ? "fork" : "step"} panel={forkShown ? "Fork" : "Step"}>
          {forkShown ? <ForkPanel /> : <StepInspector store={mainTrace} onFork={fork} />}
        </PanelBoundary>
      </Tabs>
    </footer>
  );
}
