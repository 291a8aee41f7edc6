import type { ChecksSummary } from "../bindings/ChecksSummary";

/** The PR's checks in one badge; a failure names what failed. */
export function ChecksBadge({ checks }: { checks: ChecksSummary }) {
  if (checks.state === "none") return null;
  const text =
    checks.state === "pending"
      ? "Checks running"
      : checks.state === "success"
        ? "Checks passed"
        : `Checks failed${checks.failing.length > 0 ? `: ${checks.failing.join(", ")}` : ""}`;
  const tone = checks.state === "success" ? "badge-ok" : checks.state === "failure" ? "badge-error" : "";
  return (
    <span className={`badge ${tone}`} data-testid="request-checks" data-checks={checks.state} title={text}>
      {text}
    </span>
  );
}
