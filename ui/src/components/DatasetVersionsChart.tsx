import type { DatasetVersion } from "../bindings/DatasetVersion";
import { formatCount, parseTimestamp } from "../format";
import { useDatasetVersions } from "../hooks/useDatasetVersions";
import { LineChart } from "./LineChart";

const day = (date: Date | null) => (date === null ? "" : date.toISOString().slice(0, 10));

function dated(versions: readonly DatasetVersion[]) {
  return versions.map((v) => ({ version: v, at: parseTimestamp(v.date) })).filter((v): v is { version: DatasetVersion; at: Date } => v.at !== null);
}

/** A metadata repo's dataset versions: samples over time, each point tagged with its version. */
export function DatasetVersionsChart({ repo }: { repo: string }) {
  const { versions, error } = useDatasetVersions(repo);
  if (error) {
    return (
      <p className="field-error small" role="alert" data-testid="dataset-versions-error">
        Could not read the versions of {repo}: {error.message}
      </p>
    );
  }
  if (versions === null) return <p className="muted small">Reading the versions of {repo}…</p>;
  const points = dated(versions);
  if (points.length === 0) return <p className="muted small">{repo} has no dataset_metadata.json version yet.</p>;
  const times = points.map((p) => p.at.getTime());
  return (
    <div className="dataset-versions" data-testid="dataset-versions" data-repo={repo}>
      {points.length < 2 ? (
        <p className="small strong">{repo}: one version so far</p>
      ) : (
        <LineChart
          title={`${repo}: samples per version`}
          testId="dataset-versions-chart"
          times={times}
          series={[{ key: "samples", label: "Samples", values: points.map((p) => p.version.num_samples) }]}
          format={(v) => formatCount(Math.round(v))}
          axis={[day(points[0]!.at), day(points[points.length - 1]!.at)]}
          marks={points.flatMap((p, index) => (p.version.version_tag === null ? [] : [{ index, label: p.version.version_tag }]))}
        />
      )}
      <ol className="version-list small">
        {points.map(({ version, at }) => (
          <li key={version.commit} data-testid="dataset-version">
            <span className="strong">{version.version_tag ?? "untagged"}</span> <span className="muted">{day(at)}</span> ·{" "}
            {version.num_samples === null ? "samples unknown" : `${formatCount(version.num_samples)} samples`} ·{" "}
            <span className="mono muted" title={version.commit}>
              {version.commit.slice(0, 7)}
            </span>
          </li>
        ))}
      </ol>
    </div>
  );
}
