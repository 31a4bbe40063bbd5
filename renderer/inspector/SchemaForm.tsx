import { useId, type ReactNode } from "react";
import { PromptTemplateEditor } from "../prompt-editor/PromptTemplateEditor.js";
import { promptPlaceholders } from "../prompt-editor/prompt-meta.js";
import { ScriptCodeEditor } from "../script-editor/ScriptCodeEditor.js";
import { useFieldProblems } from "./field-problems.js";
import { tensorRole, unusedBecause } from "./model-tensors.js";
import { TensorNameField } from "./TensorNameField.js";
import { FieldError, Help, JsonField, NumberInput, TextInput, type Change } from "./inputs.js";
import { defaultValue, describeField, objectProperties, selectedVariant, variantDefaults, variantTag, type JsonSchema } from "./json-schema.js";

interface FieldProps {
  name: string;
  schema: JsonSchema;
  value: unknown;
  onChange: Change;
  path: string;
}

const asRecord = (value: unknown): Record<string, unknown> => (typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {});

/** A form for a value of `schema` (a node's params): one labelled field per parameter. */
export function SchemaForm({ schema, value, onChange }: { schema: JsonSchema; value: Record<string, unknown>; onChange: Change }) {
  const id = useId();
  // Problems of the params as a whole (a rule across fields without a place of its own).
  const whole = useFieldProblems("", false);
  const field = describeField(schema);
  const fields =
    field.shape.kind === "union" ? (
      <UnionFields shape={field.shape} value={value} onChange={onChange} path="" />
    ) : field.shape.kind === "object" ? (
      <ObjectFields properties={field.shape.properties} value={value} onChange={onChange} path="" />
    ) : (
      <JsonField name="params" schema={schema} value={value} onChange={onChange} path="" />
    );
  return (
    <>
      <FieldError id={`${id}-error`} messages={whole} />
      {fields}
    </>
  );
}

/**
 * The object's fields, less those its values make unused (`usedWhen` in the schema, e.g. gamma only
 * for form v-s): those are named in one line, so the user knows what another choice would offer.
 */
function ObjectFields({ properties, value, onChange, path, skip }: { properties: [string, JsonSchema][]; value: unknown; onChange: Change; path: string; skip?: string }) {
  const record = asRecord(value);
  const shown = properties.filter(([name]) => name !== skip);
  // What the node runs with: a param left out is its default ("Not used while provider is http", not "… is undefined").
  const effective = { ...Object.fromEntries(properties.filter(([, schema]) => "default" in schema).map(([name, schema]) => [name, schema.default])), ...record };
  const unused = new Map<string, string[]>();
  for (const [name, schema] of shown) {
    const reason = unusedBecause(schema, effective);
    if (reason) unused.set(reason, [...(unused.get(reason) ?? []), name]);
  }
  return (
    <>
      {shown
        .filter(([, schema]) => unusedBecause(schema, effective) === undefined)
        .map(([name, schema]) => (
          <SchemaField key={name} name={name} schema={schema} value={record[name]} path={`${path}/${name}`} onChange={(inner, at) => onChange({ ...record, [name]: inner }, at)} />
        ))}
      {[...unused].map(([reason, names]) => (
        <p className="help unused-params" key={reason}>
          Not used while {reason}: {names.join(", ")}.
        </p>
      ))}
    </>
  );
}

function UnionFields({ shape, value, onChange, path, label }: { shape: { key: string; options: JsonSchema[] }; value: unknown; onChange: Change; path: string; label?: string }) {
  const id = useId();
  const variant = selectedVariant(shape.options, shape.key, value);
  const record = asRecord(value);
  return (
    <>
      <div className="field">
        <label htmlFor={id}>{label ?? shape.key}</label>
        <select
          id={id}
          value={variant ? variantTag(variant, shape.key) : ""}
          onChange={(event) => {
            const option = shape.options.find((o) => variantTag(o, shape.key) === event.target.value);
            if (option) onChange(variantDefaults(option, shape.key), `${path}/${shape.key}`);
          }}
        >
          {!variant && <option value="">(choose)</option>}
          {shape.options.map((option) => (
            <option key={variantTag(option, shape.key)} value={variantTag(option, shape.key)}>
              {variantTag(option, shape.key)}
            </option>
          ))}
        </select>
        <Help text={variant?.description as string | undefined} />
      </div>
      {variant && <ObjectFields properties={objectProperties(variant)} value={record} onChange={onChange} path={path} skip={shape.key} />}
    </>
  );
}


/** One parameter: the input its schema asks for, labelled with its name, its description as help. */
export function SchemaField({ name, schema, value: written, onChange, path }: FieldProps) {
  const id = useId();
  // A param the file leaves out has its default (the run uses it): shown as such, written only once changed.
  const value = written === undefined && "default" in schema ? schema.default : written;
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  const field = describeField(schema);
  const description = schema.description as string | undefined;
  const { shape } = field;
  // A group's members show their own problems; a leaf owns those inside it (a JSON value's items).
  const problems = useFieldProblems(path, shape.kind !== "union" && shape.kind !== "object" && shape.kind !== "object-array");
  const invalid = problems.length > 0;
  /** The control's aria-describedby: its error (while it has one), then its help. */
  const describedBy = [invalid ? errorId : undefined, description ? helpId : undefined].filter(Boolean).join(" ") || undefined;
  const error = <FieldError id={errorId} messages={problems} />;
  let control: ReactNode;
  switch (shape.kind) {
    case "union":
    case "object": {
      if (field.nullable && value === null) {
        return (
          <fieldset className="field-group" aria-invalid={invalid} aria-describedby={describedBy}>
            <legend>{name}</legend>
            <label className="check">
              <input type="checkbox" checked={false} onChange={() => onChange(defaultValue(innerOf(schema)), path)} />
              {name}
            </label>
            {error}
            <Help text={description} id={helpId} />
          </fieldset>
        );
      }
      return (
        <fieldset className="field-group" aria-invalid={invalid} aria-describedby={describedBy}>
          <legend>{name}</legend>
          {field.nullable && (
            <label className="check">
              <input type="checkbox" checked onChange={() => onChange(null, path)} />
              {name}
            </label>
          )}
          {error}
          <Help text={description} id={helpId} />
          {shape.kind === "union" ? (
            <UnionFields shape={shape} value={value} onChange={onChange} path={path} />
          ) : (
            <ObjectFields properties={shape.properties} value={value} onChange={onChange} path={path} />
          )}
        </fieldset>
      );
    }
    case "boolean":
      return (
        <div className="field">
          <label className="check">
            <input type="checkbox" aria-describedby={describedBy} aria-invalid={invalid} checked={value === true} onChange={(event) => onChange(event.target.checked, path)} />
            {name}
          </label>
          {error}
          <Help text={description} id={helpId} />
        </div>
      );
    case "enum":
      control = (
        <select id={id} aria-describedby={describedBy} aria-invalid={invalid} value={value === null || value === undefined ? "" : String(value)} onChange={(event) => {
          const picked = shape.values.find((v) => String(v) === event.target.value);
          onChange(picked ?? null, path);
        }}>
          {(field.nullable || value === undefined) && <option value="">{field.nullable ? "(empty)" : "(choose)"}</option>}
          {shape.values.map((v) => (
            <option key={String(v)} value={String(v)}>
              {String(v)}
            </option>
          ))}
        </select>
      );
      break;
    case "number":
      // The number input shows its own refusals and these problems together, under one error id.
      return (
        <div className="field">
          <label htmlFor={id}>{name}</label>
          <NumberInput id={id} describedBy={description ? helpId : undefined} errorId={errorId} shape={shape} nullable={field.nullable} value={value} problems={problems} onChange={(v) => onChange(v, path)} />
          <Help text={description} id={helpId} />
        </div>
      );
    case "string":
      if (name === "code") {
        // A Script's code: Monaco, typed by the node's ports (ScriptTypesContext).
        return (
          <div className="field">
            <span className="field-label">{name}</span>
            <ScriptCodeEditor value={typeof value === "string" ? value : ""} describedBy={describedBy} onChange={(code) => onChange(code, path)} />
            {error}
            <Help text={description} id={helpId} />
          </div>
        );
      }
      if (promptPlaceholders(schema)) {
        // An LLM prompt template: Monaco, with the placeholders the node accepts.
        return (
          <div className="field">
            <span className="field-label">{name}</span>
            <PromptTemplateEditor label={`${name} template`} placeholders={promptPlaceholders(schema)!} value={typeof value === "string" ? value : ""} describedBy={describedBy} onChange={(text) => onChange(text, path)} />
            {error}
            <Help text={description} id={helpId} />
          </div>
        );
      }
      if (tensorRole(schema)) {
        // A model input's or output's name: the model's own names to choose from.
        return <TensorNameField id={id} name={name} role={tensorRole(schema)!} problems={problems} value={typeof value === "string" ? value : ""} description={description} onChange={(text) => onChange(text, path)} />;
      }
      control = (typeof value === "string" && value.includes("\n")) ? (
        <textarea id={id} className="mono" rows={12} spellCheck={false} aria-describedby={describedBy} aria-invalid={invalid} value={typeof value === "string" ? value : ""} onChange={(event) => onChange(event.target.value, path)} />
      ) : (
        <TextInput id={id} name={name} helpId={describedBy} invalid={invalid} value={typeof value === "string" ? value : ""} placeholder={field.nullable ? "empty" : undefined} onChange={(text) => onChange(text === "" && field.nullable ? null : text, path)} />
      );
      break;
    case "multi-enum": {
      const chosen = Array.isArray(value) ? value : [];
      return (
        <fieldset className="field-group" aria-invalid={invalid} aria-describedby={describedBy}>
          <legend>{name}</legend>
          {shape.values.map((option) => (
            <label className="check" key={option}>
              <input
                type="checkbox"
                checked={chosen.includes(option)}
                onChange={(event) => onChange(event.target.checked ? shape.values.filter((v) => v === option || chosen.includes(v)) : chosen.filter((v) => v !== option), path)}
              />
              {option}
            </label>
          ))}
          {error}
          <Help text={description} id={helpId} />
        </fieldset>
      );
    }
    case "object-array":
      return <ObjectList name={name} item={shape.item} description={description} error={error} value={value} onChange={onChange} path={path} />;
    case "json":
      return <JsonField name={name} schema={schema} value={value} problems={problems} onChange={onChange} path={path} />;
  }
  return (
    <div className="field">
      <label htmlFor={id}>{name}</label>
      {control}
      {error}
      <Help text={description} id={helpId} />
    </div>
  );
}

function innerOf(schema: JsonSchema): JsonSchema {
  const list = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  return list?.find((option) => option.type !== "null") ?? {};
}


/** A list of objects (a Script's declared ports): one group of fields per item, with add and remove. */
function ObjectList({ name, item, description, error, value, onChange, path }: { name: string; item: JsonSchema; description: string | undefined; error: ReactNode; value: unknown; onChange: Change; path: string }) {
  const items = Array.isArray(value) ? value : [];
  const properties = objectProperties(item);
  const replace = (index: number, next: unknown[]) => onChange(next, `${path}/${index}`);
  return (
    <fieldset className="field-group">
      <legend>{name}</legend>
      {error}
      <Help text={description} />
      {items.map((entry, index) => (
        <div className="list-item" key={index} role="group" aria-label={`${name} ${index + 1}`}>
          <ObjectFields properties={properties} value={entry} path={`${path}/${index}`} onChange={(inner) => replace(index, items.map((old, i) => (i === index ? inner : old)))} />
          <button type="button" onClick={() => replace(index, items.filter((_, i) => i !== index))}>
            Remove {name} {index + 1}
          </button>
        </div>
      ))}
      <button type="button" onClick={() => replace(items.length, [...items, defaultValue(item)])}>
        Add to {name}
      </button>
    </fieldset>
  );
}
