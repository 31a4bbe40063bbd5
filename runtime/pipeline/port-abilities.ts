import type { InputPort, OutputPort } from "../node-kind.js";
import type { PortAbility, PortType } from "../ports.js";

/**
 * Why an output cannot feed an input (it `cannot` do what the input `needs`, as the input's node's
 * params decide), in words to follow "cannot connect a to b: "; undefined when it can.
 */
export function missingAbility(source: OutputPort, target: InputPort<PortType, unknown>, targetParams: unknown): string | undefined {
  if (!source.cannot || !target.needs) return undefined;
  const needs = typeof target.needs === "function" ? target.needs(targetParams) : target.needs;
  for (const ability of Object.keys(needs) as PortAbility[]) {
    const lacking = source.cannot[ability];
    if (lacking !== undefined) return `${lacking}, and ${needs[ability]}`;
  }
  return undefined;
}
