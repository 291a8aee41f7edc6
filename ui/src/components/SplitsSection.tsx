import { useState } from "react";
import type { ErrorCode } from "../bindings/ErrorCode";
import type { SizeReport } from "../bindings/SizeReport";
import type { SplitRef } from "../bindings/SplitRef";
import { formatBytes, formatCount, sentence } from "../format";
import { FirstRowsPanel } from "./FirstRowsPanel";
import { Section } from "./Section";

interface Props {
  id: string;
  splits: readonly SplitRef[];
  /** Why the viewer listed none (Rust's words: a token it did not get, not ready, blocked, …). */
  note?: string | null;
  /** The note's code: `viewer_not_ready` offers a Retry (the viewer will have computed it). */
  noteCode?: ErrorCode | null;
  onRetry?: () => void;
  retrying?: boolean;
  /** The viewer's sizes, and why there are none. */
  size?: SizeReport | null;
  sizeNote?: string | null;
}

/** The viewer's row count and size; a partial conversion's rows are marked as an estimate. */
function SizeLine({ size }: { size: SizeReport }) {
  const total = size.size.dataset ?? size.size.config;
  if (!total) return null;
  const rows = total.estimated_num_rows ?? total.num_rows;
  return (
    <p className="muted small" data-testid="dataset-viewer-size">
      {size.partial ? "about " : ""}
      {formatCount(rows)} rows, {formatBytes(total.num_bytes_parquet_files)} as parquet
      {size.partial ? ` (partial conversion: the viewer converted ${formatCount(total.num_rows)} rows)` : ""}
    </p>
  );
}

/** Configs and their splits; the chosen one (the first at start) is previewed below. */
export function SplitsSection({ id, splits, note = null, noteCode = null, onRetry, retrying = false, size = null, sizeNote = null }: Props) {
  const first = splits[0];
  const [chosen, setChosen] = useState<{ config: string; split: string } | null>(
    first ? { config: first.config, split: first.split } : null,
  );
  const configs = [...new Set(splits.map((s) => s.config))];
  return (
    <Section id="splits" title="Configs and splits" testId="dataset-splits">
      {size ? <SizeLine size={size} /> : null}
      {!size && sizeNote && !note ? (
        <p className="muted small" data-testid="dataset-viewer-size-note">
          Sizes not shown: {sentence(sizeNote)}
        </p>
      ) : null}
      {splits.length === 0 && note ? (
        <p className={noteCode === "viewer_not_ready" ? "muted" : "is-problem"} role="note" data-testid="dataset-splits-note" data-code={noteCode ?? undefined}>
          Splits not shown: {sentence(note)}
          {noteCode === "viewer_not_ready" && onRetry ? (
            <>
              {" "}
              <button type="button" data-testid="dataset-splits-retry" onClick={onRetry} disabled={retrying}>
                {retrying ? "Retrying…" : "Retry"}
              </button>
            </>
          ) : null}
        </p>
      ) : splits.length === 0 ? (
        <p className="muted">The dataset viewer lists no splits for this dataset.</p>
      ) : (
        <>
          <div className="card card-body split-groups">
            {configs.map((config) => (
              <div key={config} className="split-group" role="group" aria-label={`Config ${config}`}>
                <span className="mono strong split-config">{config}</span>
                {splits
                  .filter((s) => s.config === config)
                  .map((s) => {
                    const on = chosen?.config === s.config && chosen.split === s.split;
                    return (
                      <button
                        key={s.split}
                        type="button"
                        className={on ? "split-option is-on" : "split-option"}
                        data-testid="split-option"
                        data-config={s.config}
                        data-split={s.split}
                        aria-pressed={on}
                        onClick={() => setChosen({ config: s.config, split: s.split })}
                      >
                        {s.split}
                      </button>
                    );
                  })}
              </div>
            ))}
          </div>
          {chosen ? <FirstRowsPanel key={`${chosen.config}/${chosen.split}`} id={id} config={chosen.config} split={chosen.split} /> : null}
        </>
      )}
    </Section>
  );
}
