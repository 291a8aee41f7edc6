import type { DownloadProgress } from "../bindings/DownloadProgress";
import { formatCount } from "../format";
import { ProgressBar } from "./ProgressBar";
import { RelativeTime } from "./RelativeTime";
import { Section } from "./Section";

interface Props {
  downloads: readonly DownloadProgress[];
  now: Date;
}

export function InProgressList({ downloads, now }: Props) {
  if (downloads.length === 0) return null;
  return (
    <Section id="in-progress" title="In progress" aside={<span className="muted">{formatCount(downloads.length)}</span>}>
      <ul className="card progress-list">
        {downloads.map((p) => (
          <li key={p.storage_name} className="progress-row" data-testid="progress-row" data-storage-name={p.storage_name}>
            <div className="progress-line">
              <span className="mono strong">{p.hf_id}</span>
              <span className="badge">{p.status}</span>
              <span className="spacer" />
              <span className="muted" data-testid="progress-files">
                {formatCount(p.downloaded_files)} / {formatCount(p.total_files)} files
              </span>
              {p.eta ? <span className="muted">ETA {p.eta}</span> : null}
            </div>
            <ProgressBar percent={p.percent_complete} label={`Download of ${p.hf_id}`} />
            <div className="progress-line small">
              <span className="mono truncate muted" title={p.current_file ?? undefined}>
                {p.current_file ?? ""}
              </span>
              <span className="spacer" />
              <span className="muted nowrap">
                updated <RelativeTime value={p.last_update} now={now} fallback="never" />
              </span>
            </div>
          </li>
        ))}
      </ul>
    </Section>
  );
}
