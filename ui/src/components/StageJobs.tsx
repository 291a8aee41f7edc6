import type { StageJob } from "../bindings/StageJob";

/** Hugflow's staging and clean-up jobs Slurm still knows. */
export function StageJobs({ jobs }: { jobs: StageJob[] }) {
  if (jobs.length === 0) {
    return <p className="muted small" data-testid="stage-jobs-empty">No staging job in Slurm&apos;s queue (finished ones leave it after a few minutes).</p>;
  }
  return (
    <ul className="card host-job-list" aria-label="Staging jobs">
      {jobs.map((job) => (
        <li key={job.job_id} className="host-job" data-testid="stage-job" data-job={job.job_id} data-state={job.state}>
          <div>
            <span className="mono">job {job.job_id}</span> · {job.kind} <span className="mono">{job.storage_name}</span> on <span className="mono">{job.nodes}</span> ·{" "}
            <strong>{job.state}</strong>
            {job.reason && job.reason !== "None" ? <span className="muted small"> ({job.reason})</span> : null}
          </div>
        </li>
      ))}
    </ul>
  );
}
