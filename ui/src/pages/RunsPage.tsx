import type { RunSource } from "../bindings/RunSource";
import { useBackend } from "../backend";
import { ConfirmRemove } from "../components/ConfirmRemove";
import { ErrorBanner } from "../components/ErrorBanner";
import { RunSourceForm } from "../components/RunSourceForm";
import { RunSourcePicker } from "../components/RunSourcePicker";
import { RunsNoSource } from "../components/RunsEmpty";
import { RunsView } from "../components/RunsView";
import { Section } from "../components/Section";
import { useRemembered } from "../hooks/useRemembered";
import { useRunSources } from "../hooks/useRunSources";
import { sourceKey, sourceLabel } from "../runSource";

/** Flow and artifact runs of the saved folders, like a run list of Prefect or Dagster, per folder. */
export function RunsPage() {
  const backend = useBackend();
  const { sources, error, replace } = useRunSources();
  const [chosen, choose] = useRemembered("hugflow.runs.source");
  const current = sources?.find((s) => sourceKey(s) === chosen) ?? sources?.[0] ?? null;

  function added(list: RunSource[], source: RunSource) {
    replace(list);
    choose(sourceKey(source));
  }

  return (
    <div className="page page-runs" data-testid="runs-page">
      <header className="page-header">
        <h1>Runs</h1>
        {sources !== null && sources.length > 0 ? <span className="muted small">{sources.length === 1 ? "1 folder" : `${sources.length} folders`}</span> : null}
      </header>
      {error ? <ErrorBanner message={error.message} detail={error.detail} /> : null}
      {sources === null && error === null ? (
        <p className="muted" aria-live="polite">
          Loading…
        </p>
      ) : null}
      {sources !== null && sources.length === 0 ? <RunsNoSource /> : null}
      {sources !== null && sources.length > 0 ? (
        <div className="runs-source-bar">
          <RunSourcePicker sources={sources} selected={current} onSelect={(s) => choose(sourceKey(s))} />
          {current ? (
            <ConfirmRemove
              key={sourceKey(current)}
              className="run-source-remove"
              testId="run-source-remove"
              quiet
              label="Forget this folder"
              question={`Forget ${sourceLabel(current)}? Nothing in the folder is deleted.`}
              confirmLabel="Forget"
              onConfirm={async () => replace(await backend.removeRunSource(current))}
            />
          ) : null}
        </div>
      ) : null}
      {current ? <RunsView key={sourceKey(current)} source={current} /> : null}
      {sources !== null ? (
        <Section id="add-run-source" title="Add a run folder">
          <div className="card host-panel">
            <RunSourceForm onAdded={added} />
          </div>
        </Section>
      ) : null}
    </div>
  );
}
