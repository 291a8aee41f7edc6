import { useMemo, useState } from "react";
import type { DatasetDetails } from "../bindings/DatasetDetails";
import type { HostView } from "../bindings/HostView";
import { useBackend } from "../backend";
import { useAction } from "../hooks/useAction";
import { useRequestPlan } from "../hooks/useRequestPlan";
import { initialForm, toDraft, type RequestForm } from "../requests";
import { AddRequestFields } from "./AddRequestFields";

interface Props {
  details: DatasetDetails;
  /** The revision the dataset page shows; the form starts on it. */
  revision: string;
  /** The hosts a sync can start on (hugflow installed, a checkout set). */
  hosts: readonly HostView[];
  onOpenHost: (name: string) => void;
  onClose: () => void;
}

/** The add request's options (the same form and draft as a request PR), sent straight to a host. */
export function HostSyncForm({ details, revision, hosts, onOpenHost, onClose }: Props) {
  const backend = useBackend();
  const [host, setHost] = useState(hosts[0]?.name ?? "");
  const [form, setForm] = useState<RequestForm>(() => ({ ...initialForm({ kind: "add", hfId: details.info.id }), revision }));
  const draft = useMemo(() => toDraft(form), [form]);
  const { plan, current } = useRequestPlan(draft);
  const valid = current && plan !== null && plan.errors.length === 0;
  const { busy, error, run } = useAction();
  const [started, setStarted] = useState<{ host: string; id: string } | null>(null);

  async function start() {
    const id = await run(() => backend.startHostSync(host, draft));
    if (id !== undefined) setStarted({ host, id });
  }

  if (started !== null) {
    return (
      <div className="card host-panel" role="status" data-testid="host-sync-started">
        <p>
          Sync started on <span className="strong">{started.host}</span>: job{" "}
          <span className="mono" data-testid="host-sync-job">
            {started.id}
          </span>
        </p>
        <p className="muted small">It goes on even if Hugflow closes. Follow it, read its log or cancel it on the host&apos;s page.</p>
        <div className="actions">
          <button type="button" className="primary" data-testid="host-sync-open-host" onClick={() => onOpenHost(started.host)}>
            Open {started.host}
          </button>
        </div>
      </div>
    );
  }

  return (
    <div className="card host-panel request-fields" data-testid="host-sync-form">
      <div className="request-field">
        <label htmlFor="host-sync-host" className="strong">
          Host
        </label>
        <select id="host-sync-host" className="input" data-testid="host-sync-host" value={host} onChange={(e) => setHost(e.target.value)}>
          {hosts.map((h) => (
            <option key={h.name} value={h.name}>
              {h.name} — {h.checkout}
            </option>
          ))}
        </select>
      </div>
      <AddRequestFields form={form} plan={plan} details={details} onChange={(change) => setForm((f) => ({ ...f, ...change }))} />
      {error ? (
        <p className="field-error" role="alert" data-testid="host-sync-error">
          {error.message}
        </p>
      ) : null}
      <div className="actions">
        <button type="button" className="primary" data-testid="host-sync-start" disabled={!valid || busy || host === ""} onClick={() => void start()}>
          {busy ? "Starting…" : `Start the sync on ${host}`}
        </button>
        <button type="button" className="button-ghost" onClick={onClose}>
          Cancel
        </button>
      </div>
    </div>
  );
}
