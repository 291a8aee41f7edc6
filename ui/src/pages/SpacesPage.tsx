import { ErrorBanner } from "../components/ErrorBanner";
import { Section } from "../components/Section";
import { SpaceRow } from "../components/SpaceRow";
import { SpacesSettingsForm } from "../components/SpacesSettingsForm";
import { useSpaces } from "../hooks/useSpaces";
import { useSpacesSettings } from "../hooks/useSpacesSettings";

/** The team's Hugging Face Spaces: the orchestrator's and the workers', their stage, restart and pause. */
export function SpacesPage() {
  const { report, error, refreshing, refresh } = useSpaces();
  const settings = useSpacesSettings();

  return (
    <div className="page page-spaces" data-testid="spaces-page">
      <header className="page-header">
        <h1>Spaces</h1>
        <span className="spacer" />
        <button type="button" data-testid="spaces-refresh" onClick={() => void refresh()} disabled={refreshing} aria-busy={refreshing}>
          {refreshing ? <span className="spinner" aria-hidden="true" /> : null}
          {refreshing ? "Asking the Hub…" : "Refresh"}
        </button>
      </header>
      {error ? <ErrorBanner message={error.message} detail={error.detail} /> : null}
      {report === null && error === null ? (
        <p className="muted" aria-live="polite">
          Asking the Hub…
        </p>
      ) : null}
      {report !== null && report.spaces.length === 0 ? (
        <section className="card empty-state" data-testid="spaces-empty">
          <p className="strong">No Space is watched yet.</p>
          <p>Enter the retrain orchestrator&apos;s prepare and retrain Spaces, and any worker Spaces, below; their stage and hardware show up here.</p>
        </section>
      ) : null}
      {report !== null && report.spaces.length > 0 ? (
        <ul className="card space-list" data-testid="spaces-list">
          {report.spaces.map((space) => (
            <SpaceRow key={`${space.role}:${space.id}`} space={space} onChanged={() => void refresh()} />
          ))}
        </ul>
      ) : null}
      <Section id="spaces-settings" title="Watched Spaces">
        {settings.error ? <ErrorBanner message={settings.error.message} detail={settings.error.detail} /> : null}
        {settings.settings !== null ? (
          <div className="card host-panel">
            <SpacesSettingsForm initial={settings.settings} onSaved={() => void refresh()} />
          </div>
        ) : null}
      </Section>
    </div>
  );
}
