import type { Control } from "./RequestField";

export interface Choice {
  value: string;
  label: string;
}

export interface ChoiceGroup {
  /** Null: the options stand without an optgroup. */
  label: string | null;
  choices: readonly Choice[];
}

interface Props {
  control: Control;
  value: string;
  onChange: (value: string) => void;
  /** Null when the choices are unknown: a text input then. */
  groups: readonly ChoiceGroup[] | null;
  placeholder?: string;
  /** How a value that is none of the choices is shown. */
  unknownLabel?: (value: string) => string;
}

/** A select of what the dataset offers, or a free text input when that is not known. */
export function ChoiceInput({ control, value, onChange, groups, placeholder, unknownLabel }: Props) {
  if (groups === null) {
    return (
      <input
        {...control}
        className="input mono"
        spellCheck={false}
        placeholder={placeholder}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  }
  const option = (c: Choice) => (
    <option key={c.value} value={c.value}>
      {c.label}
    </option>
  );
  const known = groups.some((g) => g.choices.some((c) => c.value === value));
  return (
    <select {...control} className="input mono" value={value} onChange={(e) => onChange(e.target.value)}>
      {known ? null : <option value={value}>{unknownLabel ? unknownLabel(value) : value}</option>}
      {groups.map((g) =>
        g.label === null ? (
          g.choices.map(option)
        ) : g.choices.length === 0 ? null : (
          <optgroup key={g.label} label={g.label}>
            {g.choices.map(option)}
          </optgroup>
        ),
      )}
    </select>
  );
}
