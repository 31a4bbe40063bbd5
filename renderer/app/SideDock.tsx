import { useState } from "react";
import { Dashboard } from "../dashboard/Dashboard.js";
import { RunsList } from "../dashboard/RunsList.js";
import { Inspector } from "../inspector/Inspector.js";
import { Tabs } from "./Tabs.js";

const TABS = [
  { id: "inspector", title: "Inspector" },
  { id: "dashboard", title: "Dashboard" },
  { id: "runs", title: "Runs" },
];

/** The right dock: the node / run-settings inspector, the run dashboard, and the runs on disk. */
export function SideDock() {
  const [active, setActive] = useState("inspector");
  return (
    <div className="side-dock">
      <Tabs label="Side panels" tabs={TABS} active={active} onChange={setActive}>
        {active === "inspector" ? <Inspector /> : active === "dashboard" ? <Dashboard /> : <RunsList />}
      </Tabs>
    </div>
  );
}
