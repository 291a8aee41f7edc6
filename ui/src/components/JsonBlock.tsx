import type { JsonValue } from "../bindings/serde_json/JsonValue";

interface Props {
  value: JsonValue | null;
  testId: string;
  /** Said when there is no value. */
  empty: string;
}

/** A saved config, pretty-printed. */
export function JsonBlock({ value, testId, empty }: Props) {
  if (value === null) return <p className="muted small">{empty}</p>;
  return (
    <pre className="json-block" data-testid={testId}>
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}
