/** Just enough of JSON Schema (as zod writes it) to build a form: what kind of field a schema asks for. */
export type JsonSchema = Record<string, unknown>;

export type FieldShape =
  | { kind: "union"; key: string; options: JsonSchema[] }
  | { kind: "object"; properties: [string, JsonSchema][] }
  | { kind: "enum"; values: (string | number)[] }
  | { kind: "boolean" }
  | { kind: "number"; integer: boolean; min?: number; max?: number; exclusiveMin?: number; exclusiveMax?: number }
  | { kind: "string"; minLength?: number }
  | { kind: "multi-enum"; values: string[] }
  | { kind: "object-array"; item: JsonSchema }
  | { kind: "json" };

/** A field's shape, and whether null (shown as "empty") is allowed. */
export interface Field {
  shape: FieldShape;
  nullable: boolean;
  schema: JsonSchema;
}

const isSchema = (value: unknown): value is JsonSchema => typeof value === "object" && value !== null && !Array.isArray(value);

function alternatives(schema: JsonSchema): JsonSchema[] | undefined {
  const list = schema.oneOf ?? schema.anyOf;
  return Array.isArray(list) ? list.filter(isSchema) : undefined;
}

/** The property every option pins with a `const` (a discriminated union's tag), if there is one. */
function discriminator(options: JsonSchema[]): string | undefined {
  const first = options[0]?.properties;
  if (!isSchema(first)) return undefined;
  return Object.keys(first).find((key) =>
    options.every((option) => isSchema(option.properties) && isSchema(option.properties[key]) && "const" in (option.properties[key] as JsonSchema)),
  );
}

export function describeField(schema: JsonSchema): Field {
  const options = alternatives(schema);
  if (options) {
    const nonNull = options.filter((option) => option.type !== "null");
    const nullable = nonNull.length < options.length;
    if (nonNull.length === 1) {
      const inner = describeField({ ...nonNull[0], description: schema.description ?? nonNull[0]!.description });
      return { ...inner, nullable: nullable || inner.nullable };
    }
    const key = discriminator(nonNull);
    if (key) return { shape: { kind: "union", key, options: nonNull }, nullable, schema };
    return { shape: { kind: "json" }, nullable, schema };
  }
  let type = schema.type;
  let nullable = false;
  if (Array.isArray(type)) {
    nullable = type.includes("null");
    const rest = type.filter((t) => t !== "null");
    type = rest.length === 1 ? rest[0] : undefined;
  }
  if (Array.isArray(schema.enum)) return { shape: { kind: "enum", values: schema.enum as (string | number)[] }, nullable, schema };
  switch (type) {
    case "boolean":
      return { shape: { kind: "boolean" }, nullable, schema };
    case "integer":
    case "number":
      return {
        shape: {
          kind: "number",
          integer: type === "integer",
          min: schema.minimum as number | undefined,
          max: schema.maximum as number | undefined,
          exclusiveMin: schema.exclusiveMinimum as number | undefined,
          exclusiveMax: schema.exclusiveMaximum as number | undefined,
        },
        nullable,
        schema,
      };
    case "string":
      return { shape: { kind: "string", minLength: schema.minLength as number | undefined }, nullable, schema };
    case "object":
      if (isSchema(schema.properties)) {
        return { shape: { kind: "object", properties: Object.entries(schema.properties).filter((entry): entry is [string, JsonSchema] => isSchema(entry[1])) }, nullable, schema };
      }
      break;
    case "array":
      if (isSchema(schema.items) && Array.isArray(schema.items.enum)) return { shape: { kind: "multi-enum", values: schema.items.enum as string[] }, nullable, schema };
      if (isSchema(schema.items) && schema.items.type === "object" && isSchema(schema.items.properties)) return { shape: { kind: "object-array", item: schema.items }, nullable, schema };
      break;
  }
  return { shape: { kind: "json" }, nullable, schema };
}

/** The value a field starts with: its default, else the first variant's, else something valid-looking. */
export function defaultValue(schema: JsonSchema): unknown {
  if ("default" in schema) return structuredClone(schema.default);
  const { shape, nullable } = describeField(schema);
  switch (shape.kind) {
    case "union":
      return variantDefaults(shape.options[0]!, shape.key);
    case "object":
      return objectDefaults(shape.properties);
    case "enum":
      return shape.values[0];
    case "boolean":
      return false;
    case "number":
      return shape.min ?? (shape.exclusiveMin !== undefined ? shape.exclusiveMin + 1 : 0);
    case "string":
      return nullable ? null : "";
    case "multi-enum":
      return shape.values.slice(0, 1);
    case "object-array":
      return [];
    case "json":
      return null;
  }
}

function objectDefaults(properties: [string, JsonSchema][]): Record<string, unknown> {
  const value: Record<string, unknown> = {};
  for (const [name, property] of properties) {
    if ("const" in property) value[name] = property.const;
    else if ("default" in property) value[name] = structuredClone(property.default);
  }
  return value;
}

/** A variant's params when the user switches to it: its tag and every field's default (required fields without one stay unset). */
export function variantDefaults(option: JsonSchema, key: string): Record<string, unknown> {
  const properties = isSchema(option.properties) ? Object.entries(option.properties).filter((entry): entry is [string, JsonSchema] => isSchema(entry[1])) : [];
  const value = objectDefaults(properties);
  const tag = (option.properties as Record<string, JsonSchema>)[key]?.const;
  return { [key]: tag, ...value };
}

/** The option of a union whose tag `value` carries. */
export function selectedVariant(options: JsonSchema[], key: string, value: unknown): JsonSchema | undefined {
  const tag = isSchema(value) ? value[key] : undefined;
  return options.find((option) => (option.properties as Record<string, JsonSchema>)[key]?.const === tag);
}

export function variantTag(option: JsonSchema, key: string): string {
  return String((option.properties as Record<string, JsonSchema>)[key]?.const);
}

export function objectProperties(option: JsonSchema): [string, JsonSchema][] {
  return isSchema(option.properties) ? Object.entries(option.properties).filter((entry): entry is [string, JsonSchema] => isSchema(entry[1])) : [];
}
