interface Props {
  name: string;
  checked: boolean;
  onToggle: () => void;
}

/** Picks a run for the config diff; clicking it never opens the row it sits in. */
export function CompareBox({ name, checked, onToggle }: Props) {
  return (
    <label className="compare-box small muted" onClick={(e) => e.stopPropagation()}>
      <input type="checkbox" data-testid="run-compare" aria-label={`Compare ${name}`} checked={checked} onChange={onToggle} />
      Compare
    </label>
  );
}
