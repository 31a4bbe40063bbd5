import { createContext } from "react";
import type { ScriptPortSpec } from "../../protocol/script-declarations.js";

/** The Script node whose code the inspector shows: its id (one Monaco model per node) and its declared ports (the code's types). */
export interface ScriptTypes {
  nodeId: string;
  inputs: ScriptPortSpec[];
  outputs: ScriptPortSpec[];
}

/** Set by the inspector for a Script node; a `code` field outside one is a plain text area. */
export const ScriptTypesContext = createContext<ScriptTypes | null>(null);

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A Script's ports as its params hold them; entries that are not (yet) `{ name: identifier, type }` are left out so the declarations stay valid TypeScript. */
export function scriptPorts(value: unknown): ScriptPortSpec[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (port): port is ScriptPortSpec => typeof port === "object" && port !== null && typeof port.name === "string" && IDENTIFIER.test(port.name) && typeof port.type === "string",
  );
}
