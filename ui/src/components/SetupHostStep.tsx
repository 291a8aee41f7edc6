import { useEffect, useState } from "react";
import type { SshHostChoice } from "../bindings/SshHostChoice";
import { useBackend } from "../backend";
import { useAction } from "../hooks/useAction";
import { HostForm } from "./HostForm";

/** A first HGX host: one click on a Host of ~/.ssh/config, or the Add host form. */
export function SetupHostStep() {
  const backend = useBackend();
  const [choices, setChoices] = useState<SshHostChoice[] | null>(null);
  const [added, setAdded] = useState<string[]>([]);
  const { busy, error, run } = useAction();

  useEffect(() => {
    let cancelled = false;
    backend.setupSshHosts().then(
      (list) => {
        if (!cancelled) setChoices(list);
      },
      () => {
        if (!cancelled) setChoices([]);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [backend]);

  function done(name: string) {
    setAdded((names) => [...names, name]);
    setChoices((list) => list?.filter((c) => c.name !== name) ?? null);
  }

  async function add(name: string) {
    const host = await run(() => backend.addHost({ name, storage_root: null, checkout: null }));
    if (host !== undefined) done(host.name);
  }

  return (
    <>
      <p>
        Hugflow watches HGX hosts over your own SSH (keys, agent, ~/.ssh/config): GPUs, disk, and the syncs running there.
        Storage root and checkout paths can be set later on the host&apos;s page.
      </p>
      {added.length > 0 ? (
        <p className="setup-found is-ok" role="status" data-testid="setup-host-added">
          Added {added.join(", ")}: see {added.length === 1 ? "it" : "them"} on the Hosts page.
        </p>
      ) : null}
      {choices === null ? <p className="muted">Reading ~/.ssh/config…</p> : null}
      {choices !== null && choices.length === 0 ? (
        <p className="muted" data-testid="setup-hosts-none">
          No other Host entries in your ssh config; type a host below.
        </p>
      ) : null}
      {choices !== null && choices.length > 0 ? (
        <ul className="setup-hosts" aria-label="Hosts in your ssh config">
          {choices.map((c) => (
            <li key={c.name} data-testid="setup-host-choice" data-name={c.name}>
              <span className="mono strong truncate">{c.name}</span>
              <span className="spacer" />
              {c.refused ? (
                <span className="muted small" data-testid="setup-host-refused">
                  {c.refused}
                </span>
              ) : (
                <button type="button" data-testid="setup-host-add" data-name={c.name} disabled={busy} onClick={() => void add(c.name)}>
                  Add
                </button>
              )}
            </li>
          ))}
        </ul>
      ) : null}
      {error ? (
        <p className="field-error" role="alert" data-testid="setup-host-error">
          {error.message}
        </p>
      ) : null}
      <HostForm prefix="setup-host" onSaved={(host) => done(host.name)} />
    </>
  );
}
