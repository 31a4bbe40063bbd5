import { useState, type ReactNode } from "react";
import { ForkPanel } from "../fork/ForkPanel.js";
import { useForkAction } from "../fork/fork-run.js";
import { StepInspector } from "../inspect/StepInspector.js";
import { useLiveRunDir } from "../trace/live-run-dir.js";
import { forkTrace, mainTrace, useTrace } from "../trace/trace-store.js";
import { Tabs } from "./Tabs.js";

/** The bottom dock: problems and notices on the left, the step inspector (and a fork's comparison) beside them. */
export function BottomDock({ problems }: { problems: ReactNode }) {
  const [active, setActive] = useState("step");
  const hasFork = useTrace(forkTrace, (view) => view.data.start !== null || view.data.runId !== null);
  const fork = useForkAction(() => setActive("fork"));
  useLiveRunDir(mainTrace);
  useLiveRunDir(forkTrace);
  const tabs = [{ id: "step", title: "Step" }, ...(hasFork ? [{ id: "fork", title: "Fork" }] : [])];
  return (
    <footer className="bottom">
      <div className="bottom-left">{problems}</div>
      <Tabs label="Run panels" tabs={tabs} active={hasFork ? active : "step"} onChange={setActive} className="bottom-main">
        {active === "fork" && hasFork ? <ForkPanel /> : <StepInspector store={mainTrace} onFork={fork} />}
      </Tabs>
    </footer>
  );
}
