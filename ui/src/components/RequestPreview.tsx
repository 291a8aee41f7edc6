import type { Plan } from "../bindings/Plan";
import { otherErrors } from "../requests";

/** What "Create PR" will commit: the file's path, the branch, the PR title and the YAML itself. */
export function RequestPreview({ plan }: { plan: Plan | null }) {
  return (
    <section className="card request-preview" aria-labelledby="request-preview-title">
      <h2 id="request-preview-title">Request file</h2>
      {plan === null ? (
        <p className="muted">Preparing…</p>
      ) : (
        <>
          <dl className="request-meta">
            <dt>Path</dt>
            <dd className="mono" data-testid="request-path">
              {plan.path}
            </dd>
            <dt>Branch</dt>
            <dd className="mono" data-testid="request-branch">
              {plan.branch}
            </dd>
            <dt>PR title</dt>
            <dd data-testid="request-title">{plan.title}</dd>
          </dl>
          <pre className="request-yaml" data-testid="request-yaml">
            {plan.yaml}
          </pre>
          {otherErrors(plan).map((e) => (
            <p key={`${e.field}:${e.message}`} className="field-error" data-testid="request-error-other">
              {e.message}
              {e.hint ? <span className="field-hint">{e.hint}</span> : null}
            </p>
          ))}
        </>
      )}
    </section>
  );
}
