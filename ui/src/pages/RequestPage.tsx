import { useMemo, useState } from "react";
import type { ApiError } from "../bindings/ApiError";
import type { OpenedRequest } from "../bindings/OpenedRequest";
import { asApiError, useBackend } from "../backend";
import { AddRequestFields } from "../components/AddRequestFields";
import { DuplicateBanner } from "../components/DuplicateBanner";
import { ErrorBanner } from "../components/ErrorBanner";
import { RemoveRequestFields } from "../components/RemoveRequestFields";
import { RequestCreated } from "../components/RequestCreated";
import { RequestError } from "../components/RequestError";
import { RequestField } from "../components/RequestField";
import { RequestPreview } from "../components/RequestPreview";
import { useDatasetChoices } from "../hooks/useDatasetChoices";
import { useDuplicateCheck } from "../hooks/useDuplicateCheck";
import { useRequestPlan } from "../hooks/useRequestPlan";
import { useRequestSettings } from "../hooks/useRequestSettings";
import { errorsFor, initialForm, toDraft, type RequestForm, type RequestTarget } from "../requests";

interface Props {
  target: RequestTarget;
  /** Where "back" goes, e.g. "Requests". */
  backLabel: string;
  onBack: () => void;
  onOpenSettings: () => void;
  onOpenRequests: () => void;
}

/** Asks for a dataset (or its removal) with a PR on the GitOps repository, validated as it is typed. */
export function RequestPage({ target, backLabel, onBack, onOpenSettings, onOpenRequests }: Props) {
  const backend = useBackend();
  const [form, setForm] = useState<RequestForm>(() => initialForm(target));
  const draft = useMemo(() => toDraft(form), [form]);
  const [creating, setCreating] = useState(false);
  const [opened, setOpened] = useState<OpenedRequest | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [openError, setOpenError] = useState<ApiError | null>(null);
  const { plan, current, error: planError } = useRequestPlan(draft);
  const valid = current && plan !== null && plan.errors.length === 0;
  const check = useDuplicateCheck(draft, valid && opened === null);
  const details = useDatasetChoices(form.hfId);
  const { settings } = useRequestSettings();
  const notConfigured = settings !== null && settings.repo === "";
  const canCreate = valid && check.duplicate === null && !creating && !notConfigured;
  const heldBy = details?.held_by ?? (form.hfId.trim() === target.hfId ? (target.heldBy ?? []) : []);

  function change(next: Partial<RequestForm>) {
    setForm((f) => ({ ...f, ...next }));
  }

  async function create() {
    if (!canCreate) return;
    setCreating(true);
    setError(null);
    try {
      setOpened(await backend.createRequest(draft));
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setCreating(false);
    }
  }

  return (
    <div className="page page-request" data-testid="page-request" data-kind={form.kind}>
      <div className="page-toolbar">
        <button type="button" className="button-ghost" data-testid="request-back" onClick={onBack}>
          ← {backLabel}
        </button>
      </div>
      <header className="page-header">
        <h1>{form.kind === "add" ? "Request a dataset" : "Request removal"}</h1>
        {settings && settings.repo !== "" ? (
          <p className="muted">
            A PR on <span className="mono">{settings.repo}</span>
            {settings.base_branch !== "" ? <> into <span className="mono">{settings.base_branch}</span></> : null}
          </p>
        ) : null}
      </header>
      {notConfigured ? (
        <div className="banner banner-warn" role="status" data-testid="request-not-configured">
          <div className="banner-body">
            <p className="banner-message">No GitOps repository is set: requests cannot be sent yet.</p>
          </div>
          <button type="button" onClick={onOpenSettings}>
            Open Settings
          </button>
        </div>
      ) : null}
      {openError ? <ErrorBanner message={openError.message} onDismiss={() => setOpenError(null)} /> : null}
      {opened ? (
        <RequestCreated opened={opened} repo={settings?.repo || null} onOpenRequests={onOpenRequests} onError={setOpenError} />
      ) : (
        <>
          <div className="request-layout">
            <section className="card request-fields" aria-label="Request">
              <RequestField field="hf_id" label="Dataset id" errors={errorsFor(plan, "hf_id")}>
                {(control) => (
                  <input
                    {...control}
                    className="input mono"
                    spellCheck={false}
                    placeholder="owner/name"
                    value={form.hfId}
                    onChange={(e) => change({ hfId: e.target.value })}
                  />
                )}
              </RequestField>
              {form.kind === "add" ? (
                <AddRequestFields form={form} plan={plan} details={details} onChange={change} />
              ) : (
                <RemoveRequestFields form={form} plan={plan} heldBy={heldBy} onChange={change} />
              )}
            </section>
            <RequestPreview plan={plan} />
          </div>
          {planError ? <ErrorBanner message={planError.message} detail={planError.detail} /> : null}
          {check.duplicate ? <DuplicateBanner duplicate={check.duplicate} onError={setOpenError} /> : null}
          {check.error && check.error.code !== "not_configured" ? (
            <p className="muted small" data-testid="request-check-error">
              Could not check for an earlier request: {check.error.message}
            </p>
          ) : null}
          {error ? <RequestError error={error} onOpenSettings={onOpenSettings} onOpenRequests={onOpenRequests} onDismiss={() => setError(null)} /> : null}
          <div className="actions request-actions">
            <button type="button" className="primary" data-testid="request-create" disabled={!canCreate} onClick={() => void create()}>
              {creating ? "Creating PR…" : "Create PR"}
            </button>
            {valid && check.checking ? (
              <span className="muted small" data-testid="request-checking">
                Checking for earlier requests…
              </span>
            ) : null}
          </div>
          {creating ? (
            <div className="progress-track indeterminate" role="progressbar" aria-label="Creating PR…" data-testid="request-creating">
              <div className="progress-fill" />
            </div>
          ) : null}
        </>
      )}
    </div>
  );
}
