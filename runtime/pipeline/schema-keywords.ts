/**
 * JSON Schema 2020-12's own keywords: any other one in a generated schema came from a kind's zod
 * `.meta()` (modelPath, folderPath, usedWhen, modelTensor, promptTemplate), which a strict validator
 * (ajv 8) refuses, even with an `x-` prefix.
 */
const KEYWORDS = new Set([
  "$schema", "$id", "$ref", "$defs", "$anchor", "$dynamicRef", "$dynamicAnchor", "$comment", "$vocabulary",
  "type", "enum", "const", "properties", "required", "additionalProperties", "patternProperties", "propertyNames",
  "items", "prefixItems", "contains", "minContains", "maxContains", "minItems", "maxItems", "uniqueItems",
  "minLength", "maxLength", "pattern", "format", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
  "minProperties", "maxProperties", "dependentRequired", "dependentSchemas", "allOf", "anyOf", "oneOf", "not", "if", "then", "else",
  "title", "description", "default", "examples", "deprecated", "readOnly", "writeOnly",
  "contentEncoding", "contentMediaType", "contentSchema", "unevaluatedProperties", "unevaluatedItems",
]);
/** Keywords whose value is one schema, a list of them, or a map from names to them: the only places schemas nest. */
const ONE_SCHEMA = new Set(["additionalProperties", "propertyNames", "items", "contains", "not", "if", "then", "else", "unevaluatedProperties", "unevaluatedItems", "contentSchema"]);
const SCHEMA_LIST = new Set(["prefixItems", "allOf", "anyOf", "oneOf"]);
const SCHEMA_MAP = new Set(["properties", "patternProperties", "$defs", "dependentSchemas"]);

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** `schema` without the keywords JSON Schema does not define; data (defaults, enums) and property names are left as they are. */
export function withStandardKeywordsOnly(schema: unknown): unknown {
  if (!isObject(schema)) return schema;
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([key]) => KEYWORDS.has(key))
      .map(([key, value]) => {
        if (ONE_SCHEMA.has(key)) return [key, withStandardKeywordsOnly(value)];
        if (SCHEMA_LIST.has(key) && Array.isArray(value)) return [key, value.map(withStandardKeywordsOnly)];
        if (SCHEMA_MAP.has(key) && isObject(value)) return [key, Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, withStandardKeywordsOnly(sub)]))];
        return [key, value];
      }),
  );
}
