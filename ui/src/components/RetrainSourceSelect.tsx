import { useHostList } from "../hooks/useHostList";

interface Props {
  /** A host's name, or "" for this computer's checkout. */
  value: string;
  onChange: (value: string) => void;
}

/** Where the orchestrator's records are read: this computer's checkout or a host's. */
export function RetrainSourceSelect({ value, onChange }: Props) {
  const { hosts } = useHostList();
  return (
    <label className="retrain-source small">
      <span className="muted">Records of</span>
      <select className="input" data-testid="retrain-source" value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">This computer&apos;s checkout</option>
        {(hosts ?? []).map((h) => (
          <option key={h.name} value={h.name} disabled={h.checkout === null}>
            {h.checkout === null ? `${h.name} (no checkout path set)` : `${h.name} (${h.checkout})`}
          </option>
        ))}
      </select>
    </label>
  );
}
