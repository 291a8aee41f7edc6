import { useState } from "react";
import type { ApiError } from "../bindings/ApiError";
import type { RefreshReport } from "../bindings/RefreshReport";
import { asApiError, useBackend } from "../backend";
import { formatCount, sentence } from "../format";

interface Props {
  /** The crawl started; it goes on after the setup closes. */
  onCrawl: (crawl: Promise<RefreshReport>) => void;
}

/** The first read of the Hub's dataset list, started here and left running. */
export function SetupCatalogueStep({ onCrawl }: Props) {
  const backend = useBackend();
  const [running, setRunning] = useState(false);
  const [read, setRead] = useState(0);
  const [report, setReport] = useState<RefreshReport | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  function start() {
    setRunning(true);
    setError(null);
    setReport(null);
    const crawl = backend.refreshCatalogue(false, (progress) => setRead(progress.done));
    onCrawl(crawl);
    crawl.then(
      (done) => setReport(done),
      (e: unknown) => setError(asApiError(e)),
    ).finally(() => setRunning(false));
  }

  return (
    <>
      <p>
        Hugflow searches its own copy of the Hub&apos;s list of datasets, so search answers as you type and works offline.
        The first read takes a few minutes; it goes on in the background once you finish, and the catalogue fills as it
        reads.
      </p>
      <div className="actions">
        <button type="button" className="primary" data-testid="setup-crawl" disabled={running || report !== null} onClick={start}>
          {running ? "Reading…" : "Start reading the catalogue"}
        </button>
      </div>
      {running ? (
        <p className="setup-found" role="status" data-testid="setup-crawl-progress">
          {formatCount(read)} datasets read so far. You can finish now.
        </p>
      ) : null}
      {report ? (
        <p className="setup-found is-ok" role="status" data-testid="setup-crawl-done">
          {report.cancelled ? "Stopped" : "Done"}: {formatCount(report.inserted + report.updated + report.unchanged)} datasets in
          the catalogue.
        </p>
      ) : null}
      {error ? (
        <p className="field-error" role="alert" data-testid="setup-crawl-error">
          {sentence(error.message)} You can finish now and refresh later from the catalogue.
        </p>
      ) : null}
    </>
  );
}
