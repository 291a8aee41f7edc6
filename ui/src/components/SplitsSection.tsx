import { useState } from "react";
import type { SplitRef } from "../bindings/SplitRef";
import { FirstRowsPanel } from "./FirstRowsPanel";

interface Props {
  id: string;
  splits: readonly SplitRef[];
}

/** Configs and their splits; the chosen one (the first at start) is previewed below. */
export function SplitsSection({ id, splits }: Props) {
  const first = splits[0];
  const [chosen, setChosen] = useState<{ config: string; split: string } | null>(
    first ? { config: first.config, split: first.split } : null,
  );
  const configs = [...new Set(splits.map((s) => s.config))];
  return (
    <section className="section" aria-labelledby="splits-title" data-testid="dataset-splits">
      <div className="section-head">
        <h2 id="splits-title">Configs and splits</h2>
      </div>
      {splits.length === 0 ? (
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
    </section>
  );
}
