import { AboutSection } from "../components/AboutSection";
import { ErrorBanner } from "../components/ErrorBanner";
import { HubSection } from "../components/HubSection";
import { NotificationsSection } from "../components/NotificationsSection";
import { RequestsSection } from "../components/RequestsSection";
import { TokensSection } from "../components/TokensSection";
import { useRequestSettings } from "../hooks/useRequestSettings";

interface Props {
  /** Opens the first-run setup again. */
  onRunSetup?: () => void;
}

export function SettingsPage({ onRunSetup }: Props = {}) {
  const { settings, error, setSettings } = useRequestSettings();
  return (
    <div className="page">
      <header className="page-header settings-header">
        <h1>Settings</h1>
        <span className="spacer" />
        {onRunSetup ? (
          <button type="button" data-testid="settings-run-setup" onClick={onRunSetup}>
            Run setup again
          </button>
        ) : null}
      </header>
      <HubSection />
      <TokensSection />
      {error ? <ErrorBanner message={error.message} detail={error.detail} /> : null}
      {settings ? (
        <>
          <RequestsSection settings={settings} onSaved={setSettings} />
          <NotificationsSection notifications={settings.notifications} onSaved={setSettings} />
        </>
      ) : null}
      <AboutSection />
    </div>
  );
}
