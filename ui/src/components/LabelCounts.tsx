import type { LabelRun } from "../bindings/LabelRun";
import { formatCount } from "../format";
import { countBar } from "../timeline";

/** misclassified + sampled = the new dataset's rows, against the label's threshold. */
export function LabelCounts({ label }: { label: LabelRun }) {
  const bar = countBar(label);
  if (bar === null) {
    return (
      <p className="small muted" data-testid="label-counts">
        Not counted (threshold {formatCount(label.threshold)}).
      </p>
    );
  }
  return (
    <div className="label-counts" data-testid="label-counts">
      <p className="small">
        {formatCount(label.misclassified)} misclassified + {formatCount(label.sampled_correct)} sampled ={" "}
        <span className="strong">{formatCount(label.dataset_len)} rows</span>
        <span className="muted">
          {" "}
          · threshold {formatCount(label.threshold)} · {bar.reached ? "reached" : "not reached"}
        </span>
      </p>
      <div className="count-track" role="img" aria-label={`${formatCount(label.dataset_len)} of ${formatCount(label.threshold)} rows`}>
        <div className={`count-fill${bar.reached ? " reached" : ""}`} style={{ width: `${bar.fill}%` }} />
        <div className="count-marker" style={{ left: `${bar.marker}%` }} title={`threshold ${formatCount(label.threshold)}`} />
      </div>
    </div>
  );
}
