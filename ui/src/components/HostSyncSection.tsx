import { useState } from "react";
import type { DatasetDetails } from "../bindings/DatasetDetails";
import { useHosts } from "../hooks/useHosts";
import { isSyncReady } from "../hosts";
import { HostSyncForm } from "./HostSyncForm";
import { Section } from "./Section";

interface Props {
  details: DatasetDetails;
  revision: string;
  onOpenHost: (name: string) => void;
}

/** "Sync on a host now": downloads the dataset on a host right away, without a PR. */
export function HostSyncSection({ details, revision, onOpenHost }: Props) {
  const { hosts } = useHosts();
  const [open, setOpen] = useState(false);
  const ready = (hosts ?? []).filter(isSyncReady);
  const why =
    hosts === null
      ? null
      : hosts.length === 0
        ? "No host is added yet: add your GPU servers on the Hosts page to download datasets on them directly."
        : ready.length === 0
          ? "No host is ready: a host needs hugflow installed and a GitOps checkout path, both set on its page under Hosts."
          : null;
  return (
    <Section id="host-sync" title="Sync on a host now" testId="host-sync">
      {open && ready.length > 0 ? (
        <HostSyncForm details={details} revision={revision} hosts={ready} onOpenHost={onOpenHost} onClose={() => setOpen(false)} />
      ) : (
        <div className="host-sync-offer">
          <p className="muted small" data-testid={why === null ? undefined : "host-sync-unavailable"}>
            {why ?? "Downloads it on one of your hosts right away, without a request PR."}
          </p>
          <button type="button" data-testid="host-sync-open" disabled={ready.length === 0} onClick={() => setOpen(true)}>
            Sync on a host now
          </button>
        </div>
      )}
    </Section>
  );
}
