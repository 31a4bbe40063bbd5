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
/** Prints to the run's trace, as notes (node.log lines) of this node saying episode and step; at most 20 lines a step are kept. */
declare var console: {
  log(...values: unknown[]): void;
  info(...values: unknown[]): void;
  debug(...values: unknown[]): void;
  /** As log, the line starting "warning: ". */
  warn(...values: unknown[]): void;
  /** As log, the line starting "error: ". */
  error(...values: unknown[]): void;
};
`;

/**
 * The globals lib ES2023 declares that the sandbox (nodes/script/sandbox-thread.ts) does not have,
 * and why: the editor marks each use of one with its reason, since TypeScript alone would pass it.
 */
export const SANDBOX_ABSENT_GLOBALS: Readonly<Record<string, string>> = {
  Date: "Date is not available in a Script node: the sandbox has no clock, so that a run repeats exactly from its seed (the time would differ on every run).",
  Intl: "Intl is not available in a Script node: the sandbox (QuickJS) has no locale data, and formatting by locale would differ between machines.",
  Atomics: "Atomics is not available in a Script node: the script runs alone on its thread, with no shared memory to synchronise.",
  WeakRef: "WeakRef is not available in a Script node: when garbage is collected would change what a run does, so runs would not repeat.",
  FinalizationRegistry: "FinalizationRegistry is not available in a Script node: when garbage is collected would change what a run does, so runs would not repeat.",
};

/**
 * Ambient TypeScript for a Script node's editor (add it as an extra lib, with lib "es2023" only — the
 * sandbox has no DOM, Node or timers): `Inputs` and `Outputs` from the node's declared ports, the
 * port types under `Foresight.*`, so `function run(inputs: Inputs): Outputs` type-checks, and the
 * sandbox's `console`. What ES2023 declares and the sandbox lacks is in SANDBOX_ABSENT_GLOBALS.
 */
export function scriptDeclarations(inputs: readonly ScriptPortSpec[], outputs: readonly ScriptPortSpec[]): string {
  const fields = (ports: readonly ScriptPortSpec[]) => ports.map((p) => `  ${p.name}: ${SCRIPT_TYPES[p.type] ?? "unknown"};\n`).join("");
  return `${COMMON}interface Inputs {\n${fields(inputs)}}\ninterface Outputs {\n${fields(outputs)}}\n`;
}
