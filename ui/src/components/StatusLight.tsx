export type LightTone = "success" | "warning" | "error" | "running" | "stale" | "unknown";

interface Props {
  tone: LightTone;
  /** Said next to the dot, so the colour is never the only clue. */
  label: string;
}

/** A traffic light: a coloured dot and the word for it. */
export function StatusLight({ tone, label }: Props) {
  return (
    <span className={`status-light light-${tone}`} data-testid="status-light" data-tone={tone}>
      <span className="light-dot" aria-hidden="true" />
      <span className="light-text">{label}</span>
    </span>
  );
}
