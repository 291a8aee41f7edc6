import { formatAbsolute, formatRelative, parseTimestamp } from "../format";

interface Props {
  value: string | null;
  now: Date;
  /** Shown when there is no value. */
  fallback?: string;
}

/** "3 days ago", with the absolute local time on hover. */
export function RelativeTime({ value, now, fallback = "—" }: Props) {
  if (value === null) return <span className="muted">{fallback}</span>;
  const date = parseTimestamp(value);
  if (date === null) return <span title={value}>{value}</span>;
  return (
    <time dateTime={date.toISOString()} title={formatAbsolute(date)}>
      {formatRelative(date, now)}
    </time>
  );
}
