import { clampPercent } from "../format";

interface Props {
  label: string;
  /** 0 to 1; null when unknown (an empty bar). */
  value: number | null;
  /** The numbers beside the bar, e.g. `61.2 / 79.6 GiB`. */
  text: string;
  testId?: string;
}

/** A labelled bar for a level (utilisation, memory, disk); near full it turns to the warning colour. */
export function Meter({ label, value, text, testId }: Props) {
  const percent = value === null ? 0 : clampPercent(value * 100);
  const level = percent >= 90 ? "high" : "normal";
  return (
    <div className="meter" data-testid={testId}>
      <span className="meter-label">{label}</span>
      <div
        className="meter-track"
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={value === null ? undefined : Math.round(percent)}
        aria-valuetext={text}
      >
        <div className={`meter-fill meter-${level}`} style={{ width: `${percent}%` }} />
      </div>
      <span className="meter-text">{text}</span>
    </div>
  );
}
