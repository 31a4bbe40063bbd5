import { useContext } from "react";
import { FieldError, Help, TextInput } from "./inputs.js";
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
  /** What validation says of this field. */
  problems: readonly string[];
  onChange: (name: string) => void;
}) {
  const { id, name, role, value, description, problems, onChange } = props;
  const errorId = `${id}-error`;
  const helpId = `${id}-help`;
  const warningId = `${id}-warning`;
  const reading = useContext(ModelInfoContext);
  if (!reading || "error" in reading) {
    return (
      <div className="field">
        <label htmlFor={id}>{name}</label>
        <TextInput
          id={id}
          name={name}
          helpId={[problems.length > 0 ? errorId : undefined, description ? helpId : undefined].filter(Boolean).join(" ") || undefined}
          invalid={problems.length > 0}
          value={value}
          onChange={onChange}
        />
        <FieldError id={errorId} messages={problems} />
        <Help text={description} id={helpId} />
        {reading && <small className="help">The model cannot be read; type the {role}'s name.</small>}
      </div>
    );
  }
  const { names, known: inModel } = tensorChoices(role, value, reading.model);
  // The inspector shows this field only while the node reads it (usedWhen), so a name the model lacks is a problem.
  const flagged = !inModel;
  return (
    <div className="field">
      <label htmlFor={id}>{name}</label>
      <select
        id={id}
        value={value}
        aria-invalid={flagged || problems.length > 0}
        aria-describedby={[flagged ? warningId : undefined, problems.length > 0 ? errorId : undefined, description ? helpId : undefined].filter(Boolean).join(" ") || undefined}
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
      <FieldError id={errorId} messages={problems} />
      <Help text={description} id={helpId} />
    </div>
  );
}
