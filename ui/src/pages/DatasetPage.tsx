import { useEffect, useState } from "react";
import type { ApiError } from "../bindings/ApiError";
import { asApiError, useBackend } from "../backend";
import { hubUrl } from "../catalogue";
import { DatasetCard } from "../components/DatasetCard";
import { DatasetError } from "../components/DatasetError";
import { DatasetHeader } from "../components/DatasetHeader";
import { ErrorBanner } from "../components/ErrorBanner";
import { FileTree } from "../components/FileTree";
import { HostsSection } from "../components/HostsSection";
import { ClusterStageSection } from "../components/ClusterStageSection";
import { HostSyncSection } from "../components/HostSyncSection";
import { OfflineBanner } from "../components/OfflineBanner";
import { RefsSection } from "../components/RefsSection";
import { DEFAULT_REVISION, RevisionPicker } from "../components/RevisionPicker";
import { SplitsSection } from "../components/SplitsSection";
import { useDatasetDetails } from "../hooks/useDatasetDetails";
import { useNow } from "../hooks/useNow";
import type { RequestTarget } from "../requests";

interface Props {
  id: string;
  onBack: () => void;
  /** Opens the request form for this dataset. */
  onRequest: (target: RequestTarget) => void;
  /** Opens a host's page, e.g. to follow a sync started here. */
  onOpenHost: (name: string) => void;
}

const DEFAULT_ENDPOINT = "https://huggingface.co/";

export function DatasetPage({ id, onBack, onRequest, onOpenHost }: Props) {
  const backend = useBackend();
  const now = useNow();
  // Null until one is chosen: the Hub's default branch.
  const [revision, setRevision] = useState<string | null>(null);
  const shownRevision = revision ?? DEFAULT_REVISION;
  const { details, refs, error, loading, reload, setFavourite } = useDatasetDetails(id, revision);
  const [favouriteError, setFavouriteError] = useState<ApiError | null>(null);
  const [endpoint, setEndpoint] = useState(DEFAULT_ENDPOINT);

  // Without details there is no hub_url: build the link from the catalogue's endpoint.
  const needsEndpoint = details === null && error !== null;
  useEffect(() => {
    if (!needsEndpoint) return;
    let cancelled = false;
    backend.catalogueStatus().then(
      (status) => {
        if (!cancelled) setEndpoint(status.endpoint);
      },
      () => {},
    );
    return () => {
      cancelled = true;
    };
  }, [backend, needsEndpoint]);

  async function toggleFavourite() {
    if (details === null) return;
    const next = !details.favourite;
    setFavourite(next);
    setFavouriteError(null);
    try {
      await backend.setFavourite(details.info.id, next);
    } catch (e) {
      setFavourite(!next);
      setFavouriteError(asApiError(e));
    }
  }

  const offlineReason = error?.code === "offline" ? error.message : details?.offline ? details.offline_reason : null;
  const offline = error?.code === "offline" || details?.offline === true;

  return (
    <div className="page page-dataset" data-testid="page-dataset">
      <div className="page-toolbar">
        <button type="button" className="button-ghost" data-testid="dataset-back" onClick={onBack}>
          ← Catalogue
        </button>
        <span className="spacer" />
        {refs ? <RevisionPicker refs={refs} value={shownRevision} onChange={setRevision} /> : null}
      </div>
      {offline ? (
        <OfflineBanner
          reason={offlineReason}
          retrying={loading}
          onRetry={reload}
        />
      ) : null}
      {error && error.code !== "offline" ? <DatasetError error={error} hubUrl={details?.hub_url ?? hubUrl(endpoint, id)} onRetry={reload} /> : null}
      {favouriteError ? (
        <ErrorBanner message={favouriteError.message} detail={favouriteError.detail} onDismiss={() => setFavouriteError(null)} />
      ) : null}
      {details === null ? (
        <section className="card dataset-header">
          <h1 className="mono dataset-id" data-testid="dataset-id">
            {id}
          </h1>
          {loading ? (
            <p className="muted" aria-live="polite">
              Loading…
            </p>
          ) : null}
        </section>
      ) : (
        <>
          <DatasetHeader
            details={details}
            revision={shownRevision}
            now={now}
            onToggleFavourite={() => void toggleFavourite()}
            actions={
              <>
                {details.held_by.length > 0 ? (
                  <button
                    type="button"
                    data-testid="request-removal"
                    onClick={() => onRequest({ kind: "remove", hfId: details.info.id, heldBy: details.held_by })}
                  >
                    Request removal
                  </button>
                ) : null}
                {details.info.disabled ? null : (
                  <button type="button" className="primary" data-testid="request-dataset" onClick={() => onRequest({ kind: "add", hfId: details.info.id })}>
                    Request this dataset
                  </button>
                )}
              </>
            }
          />
          <HostsSection heldBy={details.held_by} now={now} />
          <ClusterStageSection heldBy={details.held_by} onOpenHost={onOpenHost} />
          {/* The Hub serves no file of a disabled dataset: nothing to sync, no card to show. */}
          {details.info.disabled ? null : (
            <>
              <HostSyncSection details={details} revision={shownRevision} onOpenHost={onOpenHost} />
              <DatasetCard info={details.info} markdown={details.card} offline={details.offline} />
            </>
          )}
          {details.info.disabled ? null : details.offline ? (
            <p className="muted" data-testid="dataset-offline-note">
              Files, branches and the data preview need the Hub; they show once it can be reached.
            </p>
          ) : (
            <>
              <FileTree files={details.files} />
              {details.refs ? <RefsSection refs={details.refs} /> : null}
              <SplitsSection
                id={details.info.id}
                splits={details.splits}
                note={details.splits_note}
                noteCode={details.splits_note_code}
                onRetry={reload}
                retrying={loading}
                size={details.size}
                sizeNote={details.size_note}
              />
            </>
          )}
        </>
      )}
    </div>
  );
}
