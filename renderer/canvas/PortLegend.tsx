import { Panel } from "@xyflow/react";
import { useId, useMemo, useState } from "react";
import type { KindCatalog } from "../../protocol/index.js";
import { useEditor } from "../document/editor-store.js";

/** A port type as the legend shows it: its colour and the kinds whose ports carry it. */
export interface LegendRow {
  type: string;
  colour: string;
  /** Titles of the kinds with an output of this type. */
  from: string[];
  /** Titles of the kinds with an input of this type. */
  into: string[];
}

/** The port types some kind declares, in the catalog's order, with the kinds on each side. */
export function legendRows(catalog: KindCatalog): LegendRow[] {
  return catalog.portTypes
    .map(({ type, colour }) => ({
      type,
      colour,
      from: catalog.kinds.filter((kind) => kind.outputs.some((port) => port.type === type)).map((kind) => kind.title),
      into: catalog.kinds.filter((kind) => kind.inputs.some((port) => port.type === type)).map((kind) => kind.title),
    }))
    .filter((row) => row.from.length > 0 || row.into.length > 0);
}

/**
 * The canvas's legend of port types (each type's colour, which handles and edges are drawn in),
 * folded to a "Ports" button in the corner so it covers nothing until asked for.
 */
export function PortLegend() {
  const [open, setOpen] = useState(false);
  const catalog = useEditor((state) => state.catalog);
  const rows = useMemo(() => (catalog ? legendRows(catalog) : []), [catalog]);
  const listId = useId();
  return (
    <Panel position="top-right" className="port-legend-panel">
      <button type="button" aria-expanded={open} aria-controls={listId} title={open ? "Hide the legend of port types" : "Show the legend of port types"} onClick={() => setOpen(!open)}>
        Ports
      </button>
      {open && (
        <ul id={listId} className="port-legend" aria-label="Port types">
          {rows.map((row) => (
            <li key={row.type} data-type={row.type} title={`out of: ${row.from.join(", ") || "none"}\ninto: ${row.into.join(", ") || "none"}`}>
              <span className="port-swatch" style={{ background: row.colour }} aria-hidden="true" />
              {row.type}
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
