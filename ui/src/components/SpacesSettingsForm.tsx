import { useState, type FormEvent } from "react";
import type { SpacesSettings } from "../bindings/SpacesSettings";
import { useBackend } from "../backend";
import { useAction } from "../hooks/useAction";
import { draftOf, settingsOf, type SpacesDraft } from "../spaces";
import { SpaceListFields } from "./SpaceListFields";

interface Props {
  initial: SpacesSettings;
  onSaved: () => void;
}

/** Which Spaces the page watches: the prepare Space, a retrain Space per label, and workers. */
export function SpacesSettingsForm({ initial, onSaved }: Props) {
  const backend = useBackend();
  const [draft, setDraft] = useState<SpacesDraft>(() => draftOf(initial));
  const [saved, setSaved] = useState(false);
  const { busy, error, run } = useAction();

  function change(next: SpacesDraft) {
    setDraft(next);
    setSaved(false);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const done = await run(async () => {
      await backend.saveSpacesSettings(settingsOf(draft));
      return true;
    });
    if (!done) return;
    setSaved(true);
    onSaved();
  }

  return (
    <form className="host-form spaces-form" data-testid="spaces-settings" aria-label="Watched Spaces" onSubmit={(e) => void submit(e)}>
      <div className="host-field">
        <label htmlFor="spaces-prepare" className="strong">
          Prepare Space
        </label>
        <input
          id="spaces-prepare"
          className="input mono"
          data-testid="spaces-prepare"
          placeholder="acme/dataset-prepare"
          spellCheck={false}
          value={draft.prepare}
          onChange={(e) => change({ ...draft, prepare: e.target.value })}
        />
        <p className="muted small">The retrain orchestrator restarts it to build a new dataset version.</p>
      </div>
      <SpaceListFields
        title="Retrain Spaces"
        hint="One per label: restarted when the label's new dataset version is published."
        kind="retrain"
        rows={draft.retrain.map((r) => [r.label, r.space])}
        columns={[
          { label: "Label", placeholder: "department" },
          { label: "Space", placeholder: "acme/retrain-department" },
        ]}
        onChange={(rows) => change({ ...draft, retrain: rows.map(([label, space]) => ({ label, space })) })}
      />
      <SpaceListFields
        title="Workers"
        hint="Worker Spaces and the dataset each pushes its iteration_N.json files to."
        kind="worker"
        rows={draft.workers.map((w) => [w.space, w.results])}
        columns={[
          { label: "Space", placeholder: "acme/asr-worker" },
          { label: "Results dataset (optional)", placeholder: "acme/asr-worker-results" },
        ]}
        onChange={(rows) => change({ ...draft, workers: rows.map(([space, results]) => ({ space, results })) })}
      />
      {error ? (
        <p className="field-error" role="alert" data-testid="spaces-settings-error">
          {error.message}
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" className="primary" data-testid="spaces-save" disabled={busy}>
          {busy ? "Saving…" : "Save"}
        </button>
        {saved && !busy && error === null ? (
          <span className="muted small" role="status" data-testid="spaces-settings-saved">
            Saved.
          </span>
        ) : null}
      </div>
    </form>
  );
}
