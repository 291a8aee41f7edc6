interface Props {
  label: string;
  testId: string;
  placeholder: string;
  value: string;
  invalid?: boolean;
  onChange: (value: string) => void;
}

/** A labelled one-line text setting (names, branches, URLs: monospace, no spell check). */
export function SettingField({ label, testId, placeholder, value, invalid = false, onChange }: Props) {
  return (
    <label className="settings-field">
      <span className="strong">{label}</span>
      <input
        className="input mono"
        data-testid={testId}
        placeholder={placeholder}
        spellCheck={false}
        value={value}
        aria-invalid={invalid || undefined}
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  );
}
