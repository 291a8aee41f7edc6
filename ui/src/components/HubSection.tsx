import { useEffect, useState, type FormEvent } from "react";
import type { ApiError } from "../bindings/ApiError";
import type { ConnectionCheck } from "../bindings/ConnectionCheck";
import type { ConnectionReport } from "../bindings/ConnectionReport";
import type { HubSettings } from "../bindings/HubSettings";
import { asApiError, useBackend } from "../backend";
import { Section } from "./Section";
import { SettingField } from "./SettingField";

/** The Hub endpoint and its dataset viewer's (the two origins the HF token goes to), and "Test connection". */
export function HubSection() {
  const backend = useBackend();
  const [settings, setSettings] = useState<HubSettings | null>(null);
  const [endpoint, setEndpoint] = useState("");
  const [viewer, setViewer] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const [report, setReport] = useState<ConnectionReport | null>(null);
  const [testing, setTesting] = useState(false);

  const show = (next: HubSettings) => {
    setSettings(next);
    setEndpoint(next.endpoint);
    setViewer(next.viewer_endpoint);
  };

  useEffect(() => {
    backend.hubSettings().then(show, (e: unknown) => setError(asApiError(e)));
  }, [backend]);

  async function save(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    setSaved(false);
    setReport(null);
    try {
      show(await backend.setHubSettings(endpoint, viewer));
      setSaved(true);
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  }

  async function test() {
    setTesting(true);
    setError(null);
    try {
      setReport(await backend.testHubConnection());
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setTesting(false);
    }
  }

  const edit = (set: (value: string) => void) => (value: string) => {
    set(value);
    setSaved(false);
  };
  const changed = settings !== null && (endpoint !== settings.endpoint || viewer !== settings.viewer_endpoint);

  return (
    <Section id="hub-settings" title="Hugging Face Hub">
      <form className="card settings-form" onSubmit={(e) => void save(e)}>
        <SettingField
          label="Hub endpoint"
          testId="settings-hub-endpoint"
          placeholder="https://huggingface.co"
          value={endpoint}
          invalid={error !== null}
          onChange={edit(setEndpoint)}
        />
        <SettingField
          label="Dataset viewer endpoint"
          testId="settings-viewer-endpoint"
          placeholder={settings?.default_viewer_endpoint ?? ""}
          value={viewer}
          invalid={error !== null}
          onChange={edit(setViewer)}
        />
        <div className="actions">
          <button type="submit" className="primary" data-testid="settings-hub-save" disabled={busy || !changed}>
            {busy ? "Saving…" : "Save"}
          </button>
          <button type="button" data-testid="settings-hub-test" disabled={testing || changed} onClick={() => void test()}>
            {testing ? "Testing…" : "Test connection"}
          </button>
          {saved ? (
            <span className="muted" role="status" data-testid="settings-hub-saved">
              Saved
            </span>
          ) : null}
        </div>
        {error ? (
          <p className="secret-error" role="alert" data-testid="settings-hub-error">
            {error.message}
          </p>
        ) : null}
        {report ? (
          <ul className="connection-report" data-testid="settings-hub-report">
            <CheckLine label={`Hub (${report.hub_endpoint})`} check={report.hub} testId="connection-hub" />
            <CheckLine
              label="Token"
              check={report.account ?? { ok: true, detail: "no token set: public datasets only" }}
              testId="connection-account"
            />
            <CheckLine label={`Dataset viewer (${report.viewer_endpoint})`} check={report.viewer} testId="connection-viewer" />
          </ul>
        ) : null}
      </form>
      <p className="muted small section-note">
        The Hugging Face token goes to these two origins only. A token saved under Tokens is bound to both: after
        changing either, save it again. Leave the viewer empty for the Hub&apos;s own.
      </p>
    </Section>
  );
}

function CheckLine({ label, check, testId }: { label: string; check: ConnectionCheck; testId: string }) {
  return (
    <li data-testid={testId} className={check.ok ? "is-ok" : "is-problem"}>
      <span className="strong">{label}</span>: {check.ok ? "" : "failed: "}
      {check.detail}
    </li>
  );
}
