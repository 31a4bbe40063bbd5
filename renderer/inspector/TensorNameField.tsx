import { useContext } from "react";
import { Help, TextInput } from "./inputs.js";
import { ModelInfoContext } from "./model-info.js";
import { tensorChoices } from "./model-tensors.js";

/**
 * A param that names one of the model's inputs or outputs: a choice of the names the model has
 * (a name it lacks stays selected, flagged), or free text while the model cannot be read.
 */
export function TensorNameField(props: {
  id: string;
  name: string;
  role: "input" | "output";
  value: string;
  description: string | undefined;
  /** Why the node does not read this param now ("form is q-s"): a name the model lacks is then no problem. */
  unusedBecause: string | undefined;
  onChange: (name: string) => void;
}) {
  const { id, name, role, value, description, unusedBecause, onChange } = props;
  const helpId = `${id}-help`;
  const warningId = `${id}-warning`;
  const reading = useContext(ModelInfoContext);
  if (!reading || "error" in reading) {
    return (
      <div className="field">
        <label htmlFor={id}>{name}</label>
        <TextInput id={id} name={name} helpId={description ? helpId : undefined} value={value} onChange={onChange} />
        <Help text={description} id={helpId} />
        {reading && <small className="help">The model cannot be read; type the {role}'s name.</small>}
      </div>
    );
  }
  const { names, known: inModel } = tensorChoices(role, value, reading.model);
  const flagged = !inModel && unusedBecause === undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{name}</label>
      <select
        id={id}
        value={value}
        aria-invalid={flagged}
        aria-describedby={[flagged ? warningId : undefined, description ? helpId : undefined].filter(Boolean).join(" ") || undefined}
        onChange={(event) => onChange(event.target.value)}
      >
        {!inModel && <option value={value}>{value === "" ? "(choose)" : `${value} (not in the model)`}</option>}
        {names.map((tensor) => (
          <option key={tensor} value={tensor}>
            {tensor}
          </option>
        ))}
      </select>
      {flagged && (
        <small className="help error" id={warningId}>
          The model has no {role} named “{value}”; its {role}s: {names.join(", ") || "none"}.
        </small>
      )}
      {unusedBecause && <small className="help">Not used while {unusedBecause}.</small>}
      <Help text={description} id={helpId} />
    </div>
  );
}
