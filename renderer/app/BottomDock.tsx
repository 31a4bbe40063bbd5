import { useState, type ReactNode } from "react";
import { ForkPanel } from "../fork/ForkPanel.js";
import { useFork, useForkAction } from "../fork/fork-run.js";
import { StepInspector } from "../inspect/StepInspector.js";
import { useLiveRunDir } from "../trace/live-run-dir.js";
import { forkTrace, mainTrace, useTrace } from "../trace/trace-store.js";
import { Tabs } from "./Tabs.js";

/** The bottom dock: problems and notices on the left, the step inspector (and a fork's comparison) beside them. */
export function BottomDock({ problems }: { problems: ReactNode }) {
  const [active, setActive] = useState("step");
  const [collapsed, setCollapsed] = useCollapsed();
  const forkAsked = useFork((state) => state.origin !== null);
  const hasFork = useTrace(forkTrace, (view) => view.data.start !== null || view.data.runId !== null) || forkAsked;
  const fork = useForkAction(() => setActive("fork"));
  useLiveRunDir(mainTrace);
  useLiveRunDir(forkTrace);
  const tabs = [{ id: "step", title: "Step" }, ...(hasFork ? [{ id: "fork", title: "Fork" }] : [])];
  return (
    <footer className={collapsed ? "bottom collapsed" : "bottom"}>
      <div className="bottom-left">{problems}</div>
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
          <button type="button" className="dock-toggle" aria-expanded={!collapsed} onClick={() => setCollapsed(!collapsed)}>
            {collapsed ? "Show run panels" : "Hide run panels"}
          </button>
        }
      >
        {active === "fork" && hasFork ? <ForkPanel /> : <StepInspector store={mainTrace} onFork={fork} />}
      </Tabs>
    </footer>
  );
}

const COLLAPSED_KEY = "foresight.runPanelsCollapsed";

/** Whether the bottom dock is folded to its tab row (more room for the canvas), remembered in this browser. */
function useCollapsed(): [boolean, (collapsed: boolean) => void] {
  const [collapsed, setCollapsed] = useState(() => readFlag(COLLAPSED_KEY));
  const set = (value: boolean) => {
    setCollapsed(value);
    try {
      localStorage.setItem(COLLAPSED_KEY, value ? "1" : "0");
    } catch {
      // Not remembered (storage off or full): the dock still folds for this session.
    }
  };
  return [collapsed, set];
}

function readFlag(key: string): boolean {
  try {
    return localStorage.getItem(key) === "1";
  } catch {
    return false;
  }
}
