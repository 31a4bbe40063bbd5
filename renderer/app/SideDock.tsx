import { useEffect, useState } from "react";
import { useEditor } from "../document/editor-store.js";
import { Dashboard } from "../dashboard/Dashboard.js";
import { RunsList } from "../dashboard/RunsList.js";
import { Inspector } from "../inspector/Inspector.js";
import { PanelBoundary } from "./PanelBoundary.js";
import { Tabs } from "./Tabs.js";

const TABS = [
  { id: "inspector", title: "Inspector" },
  { id: "dashboard", title: "Dashboard" },
  { id: "runs", title: "Runs" },
];

/** The right dock: the node / run-settings inspector, the run dashboard, and the runs on disk. */
export function SideDock({ onOpenRunPipeline }: { onOpenRunPipeline: (runDir: string) => void }) {
  const [active, setActive] = useState("inspector");
  // Selecting a node shows its inspector, whatever tab was open.
  const selected = useEditor((state) => state.doc.nodes.filter((node) => node.selected).map((node) => node.id).join(","));
  useEffect(() => {
    if (selected) setActive("inspector");
  }, [selected]);
  return (
    <div className="side-dock">
      <Tabs label="Side panels" tabs={TABS} active={active} onChange={setActive}>
        <PanelBoundary key={active} panel={TABS.find((tab) => tab.id === active)!.title}>
          {active === "inspector" ? <Inspector /> : active === "dashboard" ? <Dashboard /> : <RunsList onOpenPipeline={onOpenRunPipeline} />}
        </PanelBoundary>
      </Tabs>
    </div>
  );
}
