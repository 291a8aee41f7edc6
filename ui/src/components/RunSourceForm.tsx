import { useState, type FormEvent } from "react";
import type { RunSource } from "../bindings/RunSource";
import { useBackend } from "../backend";
import { useAction } from "../hooks/useAction";
import { useHostList } from "../hooks/useHostList";

interface Props {
  /** The new list, and the source just added. */
  onAdded: (sources: RunSource[], added: RunSource) => void;
}

/** Adds a run folder: on this computer (typed, or picked in the native dialog) or on an added host. */
export function RunSourceForm({ onAdded }: Props) {
  const backend = useBackend();
  const { hosts } = useHostList();
  const [host, setHost] = useState("");
  const [path, setPath] = useState("");
  const [saved, setSaved] = useState(false);
  const { busy, error, run } = useAction();
  const browse = useAction();

  async function pick() {
    const picked = await browse.run(() => backend.pickFolder());
    if (picked) setPath(picked);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const source: RunSource = { host: host === "" ? null : host, path: path.trim() };
    const sources = await run(() => backend.addRunSource(source));
    if (sources === undefined) return;
    setPath("");
    setSaved(true);
    onAdded(sources, source);
  }

  const failure = error ?? browse.error;
  return (
    <form className="host-form" data-testid="run-source-form" aria-label="Add a run folder" onSubmit={(e) => void submit(e)}>
      <div className="host-field">
        <label htmlFor="run-source-host" className="strong">
          Where
        </label>
        <select id="run-source-host" className="input" data-testid="run-source-host" value={host} onChange={(e) => setHost(e.target.value)}>
          <option value="">This computer</option>
          {(hosts ?? []).map((h) => (
            <option key={h.name} value={h.name}>
              {h.name}
            </option>
          ))}
        </select>
        <p className="muted small">A host is read over its SSH connection; add hosts on the Hosts page.</p>
      </div>
      <div className="host-field">
        <label htmlFor="run-source-path" className="strong">
          Folder
        </label>
        <div className="input-row">
          <input
            id="run-source-path"
            className="input mono"
            data-testid="run-source-path"
            type="text"
            placeholder={host === "" ? "/home/you/project/runs" : "/data/flows or ~/project/runs"}
            spellCheck={false}
            autoComplete="off"
            value={path}
            onChange={(e) => setPath(e.target.value)}
          />
          {host === "" ? (
            <button type="button" data-testid="run-source-browse" disabled={browse.busy} onClick={() => void pick()}>
              Browse…
            </button>
          ) : null}
        </div>
        <p className="muted small">A ductaflow project or its runs/ folder, or a huldra data folder.</p>
      </div>
      {failure ? (
        <p className="field-error" role="alert" data-testid="run-source-error">
          {failure.message}
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" className="primary" data-testid="add-run-source" disabled={busy || path.trim() === ""}>
          {busy ? "Adding…" : "Add folder"}
        </button>
        {saved && !busy && error === null ? (
          <span className="muted small" role="status">
            Added.
          </span>
        ) : null}
      </div>
    </form>
  );
}
