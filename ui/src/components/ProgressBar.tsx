import { clampPercent, formatPercent } from "../format";

interface Props {
  /** 0-100. */
  percent: number;
  label: string;
}

export function ProgressBar({ percent, label }: Props) {
  const value = clampPercent(percent);
  return (
    <div className="progress">
      <div
        className="progress-track"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={value}
        aria-valuetext={formatPercent(value)}
      >
        <div className="progress-fill" style={{ width: `${value}%` }} />
      </div>
      <span className="progress-text">{formatPercent(value)}</span>
    </div>
  );
}
