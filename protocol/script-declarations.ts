/** A Script port as the node's params declare it. */
export interface ScriptPortSpec {
  name: string;
  type: string;
}

/** How each port type looks inside a script (nodes/script/boundary.ts converts to and from these). */
const SCRIPT_TYPES: Record<string, string> = {
  number: "number",
  text: "string",
  json: "Foresight.Json",
  observation: "Foresight.Json",
  candidates: "Foresight.Candidates",
  tensor: "Foresight.Tensor",
  decision: "Foresight.Decision",
  transition: "Foresight.Transition",
};

const COMMON = `declare namespace Foresight {
  type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
  type Action = number | number[] | string | Json[] | { [key: string]: Json };
  type Cell = number | string | boolean | null;
  /** One row per candidate action; each column has one cell per row. "action" is not a column name. */
  interface Candidates { actions: Action[]; columns: Record<string, Cell[]> }
  /** Row-major: data.length is the product of shape. */
  interface Tensor { shape: number[]; data: number[] }
  interface Decision { index: number; action: Action | null; rule: string }
  interface Transition {
    observation: Json; stateText: string; action: Action | null; reward: number; nextObservation: Json;
    terminated: boolean; truncated: boolean; envSteps: number; info: { [key: string]: Json };
  }
}
`;

/**
 * Ambient TypeScript for a Script node's editor (add it as an extra lib, with lib "es2023" only — the
 * sandbox has no DOM, Node or timers): `Inputs` and `Outputs` from the node's declared ports, and the
 * port types under `Foresight.*`, so `function run(inputs: Inputs): Outputs` type-checks.
 */
export function scriptDeclarations(inputs: readonly ScriptPortSpec[], outputs: readonly ScriptPortSpec[]): string {
  const fields = (ports: readonly ScriptPortSpec[]) => ports.map((p) => `  ${p.name}: ${SCRIPT_TYPES[p.type] ?? "unknown"};\n`).join("");
  return `${COMMON}interface Inputs {\n${fields(inputs)}}\ninterface Outputs {\n${fields(outputs)}}\n`;
}
