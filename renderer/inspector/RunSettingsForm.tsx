import { useEditor } from "../document/editor-store.js";
import type { RunSettings } from "../document/pipeline.js";
import { useMemo } from "react";
import { FieldProblemsContext } from "./field-problems.js";
import { SchemaField } from "./SchemaForm.js";
import type { JsonSchema } from "./json-schema.js";

/** The run block's fields, as the pipeline format declares them (runtime/pipeline/schema.ts). */
const RUN_FIELDS: [keyof RunSettings, JsonSchema][] = [
  ["episodes", { type: "integer", minimum: 1, maximum: 10_000_000, description: "Episodes to run" }],
  ["seed", { type: "integer", minimum: 0, maximum: 0xffffffff, description: "Run seed: fixes every random draw" }],
  ["maxSteps", { type: "integer", minimum: 1, maximum: 1_000_000, description: "Steps after which an episode is truncated" }],
  ["onNodeError", { type: "string", enum: ["endEpisode", "endRun"], description: "What a node error ends: the episode (the run goes on) or the whole run" }],
  ["trace", { type: "string", enum: ["full", "steps", "off"], description: "Trace detail: every node's inputs and outputs, one record per step, or episodes only" }],
  // Optional in the file: its default is shown, and choosing the default leaves the file without it.
  ["lockstep", { type: "integer", minimum: 1, maximum: 4096, default: 1, description: "Episodes played together on one thread, so each model call batches all of their states; the results are a serial run's" }],
];

/** The run block with `field` set; an optional field set to its default (or cleared) is left out. */
function withRunField(run: RunSettings, field: keyof RunSettings, value: unknown, schema: JsonSchema): RunSettings {
  const next: Record<string, unknown> = { ...run, [field]: value };
  if (schema.default !== undefined && (value === undefined || value === null || value === schema.default)) delete next[field];
  return next as unknown as RunSettings;
}

/** With no node selected: the pipeline's name, description and run settings. */
export function RunSettingsForm() {
  const name = useEditor((state) => state.doc.name);
  const description = useEditor((state) => state.doc.description);
  const run = useEditor((state) => state.doc.run);
  const edit = useEditor((state) => state.edit);
  const problems = useEditor((state) => state.problems);
  // Its fields' paths are the pointers of the pipeline's own fields (/name, /run/episodes).
  const fieldProblems = useMemo(() => ({ base: "", problems: (problems ?? []).filter((problem) => problem.nodeId === undefined) }), [problems]);
  return (
    <FieldProblemsContext.Provider value={fieldProblems}>
    <section>
      <h2>Pipeline</h2>
      <SchemaField name="name" schema={{ type: "string", minLength: 1 }} value={name} path="/name" onChange={(value) => edit((doc) => ({ ...doc, name: String(value ?? "") }), "name")} />
      <SchemaField
        name="description"
        schema={{ type: "string" }}
        value={description}
        path="/description"
        onChange={(value) => edit((doc) => ({ ...doc, description: String(value ?? "") }), "description")}
      />
      <h3>Run settings</h3>
      {RUN_FIELDS.map(([field, schema]) => (
        <SchemaField
          key={field}
          name={field}
          schema={schema}
          value={run[field] ?? schema.default}
          path={`/run/${field}`}
          onChange={(value) => edit((doc) => ({ ...doc, run: withRunField(doc.run, field, value, schema) }), `run:${field}`)}
        />
      ))}
    </section>
    </FieldProblemsContext.Provider>
  );
}
