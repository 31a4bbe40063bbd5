import type { InputPortDescription, KindDescription, OutputPortDescription } from "../../protocol/index.js";

type DeclaredPort = { name: string; type: string };

function declared(list: unknown): DeclaredPort[] | undefined {
  if (!Array.isArray(list)) return undefined;
  return list.filter((port): port is DeclaredPort => typeof port?.name === "string" && typeof port?.type === "string");
}

/**
 * A node's ports: its kind's, or, for a kind with dynamic ports (a Script), the ones its params
 * declare (`params.inputs` / `params.outputs`, each `{ name, type }`, every input required).
 */
export function portsOf(kind: KindDescription | undefined, params: Record<string, unknown>): { inputs: InputPortDescription[]; outputs: OutputPortDescription[] } {
  if (!kind) return { inputs: [], outputs: [] };
  if ((kind as { dynamicPorts?: boolean }).dynamicPorts !== true) return kind;
  const inputs = declared(params.inputs);
  const outputs = declared(params.outputs);
  return {
    inputs: inputs ? inputs.map((port) => ({ ...port, description: "declared by the node's params", required: true })) : kind.inputs,
    outputs: outputs ? outputs.map((port) => ({ ...port, description: "declared by the node's params" })) : kind.outputs,
  };
}
