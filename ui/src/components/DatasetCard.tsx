import type { DatasetInfo } from "../bindings/DatasetInfo";
import type { JsonValue } from "../bindings/serde_json/JsonValue";
import { CardMarkdown } from "./CardMarkdown";
import { Section } from "./Section";

const CARD_KEYS: ReadonlyArray<{ key: string; label: string }> = [
  { key: "pretty_name", label: "Name" },
  { key: "license", label: "Licence" },
  { key: "language", label: "Languages" },
  { key: "task_categories", label: "Tasks" },
  { key: "configs", label: "Configs" },
];

const MAX_VALUE = 300;

/** Card metadata as text: lists joined, configs by name, anything else as compact JSON. */
export function cardValue(key: string, value: JsonValue): string {
  if (key === "configs" && Array.isArray(value)) {
    return value
      .map((c) => (typeof c === "object" && c !== null && !Array.isArray(c) && typeof c.config_name === "string" ? c.config_name : JSON.stringify(c)))
      .join(", ");
  }
  if (typeof value === "string") return value;
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value.join(", ");
  const json = JSON.stringify(value);
  return json.length > MAX_VALUE ? `${json.slice(0, MAX_VALUE - 1)}…` : json;
}

interface Props {
  info: DatasetInfo;
  /** The card's Markdown; null offline or when the repository has no README. */
  markdown: string | null;
  offline: boolean;
}

/**
 * The dataset card: a few card fields, then its Markdown, rendered safely. Without Markdown,
 * the Hub's (or the catalogue's) description as plain text, never HTML; the description is
 * an excerpt of the card, so it is not repeated above the Markdown.
 */
export function DatasetCard({ info, markdown, offline }: Props) {
  const card = info.cardData ?? {};
  const fields = CARD_KEYS.filter(({ key }) => card[key] !== undefined && card[key] !== null);
  const description = info.description?.trim() ?? "";
  const hasMarkdown = markdown !== null && markdown.trim() !== "";
  return (
    <Section
      id="card"
      title="Card"
      testId="dataset-card"
      aside={
        !offline && !hasMarkdown ? (
          <span className="muted" data-testid="dataset-no-card">
            No card on the Hub
          </span>
        ) : null
      }
    >
      <div className="card card-body">
        {fields.length > 0 ? (
          <dl className="about card-fields">
            {fields.map(({ key, label }) => (
              <div key={key}>
                <dt>{label}</dt>
                <dd data-testid={`card-${key}`}>{cardValue(key, card[key] as JsonValue)}</dd>
              </div>
            ))}
          </dl>
        ) : null}
        {hasMarkdown ? (
          <CardMarkdown markdown={markdown} />
        ) : description !== "" ? (
          <p className="card-description" data-testid="dataset-description">
            {description}
          </p>
        ) : (
          <p className="muted">The dataset has no description.</p>
        )}
      </div>
    </Section>
  );
}
