import { z } from "zod";
import type { InputPortDescription, KindCatalog, KindDescription } from "../../protocol/index.js";
import type { AnyNodeKind } from "../../runtime/node-kind.js";
import { portTypes, type PortType } from "../../runtime/ports.js";
import type { NodeRegistry } from "../../runtime/registry.js";

/** How the canvas draws each port type's handles and edges; the Record makes a new port type fail to compile here. */
const PORT_COLOURS: Record<PortType, string> = {
  observation: "#4e79a7",
  environment: "#59a14f",
  policy: "#f28e2b",
  valueFunction: "#e15759",
  actionDistribution: "#edc948",
  candidates: "#b07aa1",
  decision: "#ff9da7",
  transition: "#9c755f",
  number: "#76b7b2",
  text: "#bab0ac",
  tensor: "#17becf",
  json: "#7f7f7f",
};

/**
 * A registry's kinds as the editor sees them: ports, params as JSON Schema, params for a fresh node,
 * and what its views show (columns, scene kinds, short id).
 */
export function kindCatalog(registry: NodeRegistry): KindCatalog {
  return {
    kinds: registry.all().map(describeKind),
    portTypes: portTypes.map((type) => ({ type, colour: PORT_COLOURS[type] })),
  };
}

function describeKind(kind: AnyNodeKind): KindDescription {
  const inputs: InputPortDescription[] = Object.entries(kind.inputs).map(([name, port]) => ({
    name,
    type: port.type,
    description: port.description,
    required: typeof port.required === "function" ? "depends-on-params" : port.required === true,
  }));
  return {
    kind: kind.kind,
    title: kind.title,
    description: kind.description,
    ...(kind.role ? { role: kind.role } : {}),
    ...(kind.shortId ? { shortId: kind.shortId } : {}),
    columns: (kind.columns ?? []).map((column) => ({ ...column })),
    ...(kind.scenes ? { scenes: kind.scenes } : {}),
    ...(kind.maxPerPipeline !== undefined ? { maxPerPipeline: kind.maxPerPipeline } : {}),
    ...(kind.ports ? { dynamicPorts: true as const } : {}),
    ...(kind.runsUserCode ? { runsUserCode: true as const } : {}),
    inputs,
    outputs: Object.entries(kind.outputs).map(([name, port]) => ({ name, type: port.type, description: port.description })),
    paramsSchema: z.toJSONSchema(kind.params, { io: "input", unrepresentable: "any" }) as Record<string, unknown>,
    defaults: defaultParams(kind),
  };
}

/**
 * Params a new node starts with: the schema's defaults. A kind whose params are a discriminated
 * union without a default (e.g. the environment, by `name`) starts as its first variant.
 */
function defaultParams(kind: AnyNodeKind): Record<string, unknown> {
  const seeds: unknown[] = [undefined, {}, ...variantSeeds(kind.params)];
  for (const seed of seeds) {
    const parsed = kind.params.safeParse(seed);
    if (parsed.success && isObject(parsed.data)) return parsed.data;
  }
  throw new Error(`node kind "${kind.kind}" has no default params: give its params schema defaults`);
}

/** `{ [discriminator]: value }` for each variant of a discriminated union (looking through defaults and optionals). */
function variantSeeds(schema: z.ZodType): Record<string, unknown>[] {
  let inner: z.ZodType = schema;
  while (inner instanceof z.ZodDefault || inner instanceof z.ZodPrefault || inner instanceof z.ZodOptional) {
    inner = inner.unwrap() as z.ZodType;
  }
  if (!(inner instanceof z.ZodDiscriminatedUnion)) return [];
  const key = inner.def.discriminator;
  return inner.options.flatMap((option) => {
    const literal = option instanceof z.ZodObject ? option.shape[key] : undefined;
    return literal instanceof z.ZodLiteral ? [...literal.values].map((value) => ({ [key]: value })) : [];
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
