import { useEffect, useState, type FormEvent } from "react";
import type { HostView } from "../bindings/HostView";
import { useBackend } from "../backend";
import { useAction } from "../hooks/useAction";

interface Props {
  /** Prefix of the fields' ids and test ids: `add-host`, `host-settings`. */
  prefix: string;
  /** The host whose paths are edited; without it the form adds a host. */
  host?: HostView;
  onSaved?: (host: HostView) => void;
}

const orNull = (value: string) => (value.trim() === "" ? null : value.trim());

/** Adds a host, or changes the remote paths of one (the backend's add_host with the same name). */
export function HostForm({ prefix, host, onSaved }: Props) {
  const backend = useBackend();
  const adding = host === undefined;
  const [name, setName] = useState(host?.name ?? "");
  const [storageRoot, setStorageRoot] = useState(host?.storage_root ?? "");
  const [checkout, setCheckout] = useState(host?.checkout ?? "");
  const [cluster, setCluster] = useState(host?.cluster ?? false);
  const [suggestions, setSuggestions] = useState<string[]>([]);
  const [saved, setSaved] = useState(false);
  const { busy, error, run } = useAction();

  useEffect(() => {
    if (!adding) return;
    let cancelled = false;
    backend.sshConfigHosts().then(
      (names) => {
        if (!cancelled) setSuggestions(names);
      },
      () => {},
    );
    return () => {
      cancelled = true;
    };
  }, [backend, adding]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const result = await run(() => backend.addHost({ name: name.trim(), storage_root: orNull(storageRoot), checkout: orNull(checkout), cluster }));
    if (result === undefined) return;
    if (adding) {
      setName("");
      setStorageRoot("");
      setCheckout("");
      setCluster(false);
    }
    setSaved(true);
    onSaved?.(result);
  }

  const field = (key: string) => ({ id: `${prefix}-${key}`, "data-testid": `${prefix}-${key}` });
  return (
    <form className="host-form" data-testid={`${prefix}-form`} onSubmit={(e) => void submit(e)} aria-label={adding ? "Add a host" : "Host settings"}>
      {adding ? (
        <div className="host-field">
          <label htmlFor={`${prefix}-name`} className="strong">
            SSH host
          </label>
          <input {...field("name")} className="input mono" list={`${prefix}-suggestions`} placeholder="hgx-a or ml@10.0.0.5:2222" spellCheck={false} autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} />
          <datalist id={`${prefix}-suggestions`}>
            {suggestions.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
          <p className="muted small">A Host of your ~/.ssh/config, or user@host[:port]. Hugflow connects with your own ssh, keys and agent.</p>
        </div>
      ) : null}
      <div className="host-field">
        <label htmlFor={`${prefix}-storage-root`} className="strong">
          Storage root <span className="muted">(optional)</span>
        </label>
        <input {...field("storage-root")} className="input mono" placeholder="/data/datasets" spellCheck={false} value={storageRoot} onChange={(e) => setStorageRoot(e.target.value)} />
        <p className="muted small">Where the host keeps the datasets; its disk is the one shown first.</p>
      </div>
      <div className="host-field">
        <label htmlFor={`${prefix}-checkout`} className="strong">
          GitOps checkout <span className="muted">(optional)</span>
        </label>
        <input {...field("checkout")} className="input mono" placeholder="~/hugflow-gitops" spellCheck={false} value={checkout} onChange={(e) => setCheckout(e.target.value)} />
        <p className="muted small">The GitOps repository&apos;s checkout on the host; syncs started from here run in it.</p>
      </div>
      <div className="host-field">
        <label className="strong">
          <input type="checkbox" {...field("cluster")} checked={cluster} onChange={(e) => setCluster(e.target.checked)} /> Slurm login node
        </label>
        <p className="muted small">The host submits to a Slurm cluster: its page shows the nodes and stages datasets onto their local disks (STATE_DIR is read from the checkout above).</p>
      </div>
      {error ? (
        <p className="field-error" role="alert" data-testid={`${prefix}-error`}>
          {error.message}
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" className="primary" data-testid={`${prefix}-submit`} disabled={busy || name.trim() === ""}>
          {busy ? (adding ? "Adding…" : "Saving…") : adding ? "Add host" : "Save"}
        </button>
        {saved && !busy && error === null ? (
          <span className="muted small" role="status" data-testid={`${prefix}-saved`}>
            {adding ? "Added." : "Saved."}
          </span>
        ) : null}
      </div>
    </form>
  );
}
