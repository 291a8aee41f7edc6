import { useCallback, useEffect, useRef, useState } from "react";
import type { ApiError } from "../bindings/ApiError";
import type { StatusReport } from "../bindings/StatusReport";
import { asApiError, useBackend } from "../backend";
import { CheckoutHeader } from "../components/CheckoutHeader";
import { CheckoutPicker } from "../components/CheckoutPicker";
import { DatasetsTable } from "../components/DatasetsTable";
import { ErrorBanner } from "../components/ErrorBanner";
import { InProgressList } from "../components/InProgressList";
import { useBackendEvent } from "../hooks/useBackendEvent";
import { useNow } from "../hooks/useNow";

/** The newest status schema this UI understands. */
const SUPPORTED_SCHEMA = 1;

type View = { kind: "loading" } | { kind: "picker" } | { kind: "checkout"; report: StatusReport };

function hintFor(error: ApiError) {
  if (error.code === "not_a_checkout") {
    return (
      <>
        If this is the right folder, run <code>hugflow init</code> there first.
      </>
    );
  }
  return null;
}

export function LocalDatasetsPage() {
  const backend = useBackend();
  const now = useNow();
  const [view, setView] = useState<View>({ kind: "loading" });
  const [error, setError] = useState<ApiError | null>(null);
  const [opening, setOpening] = useState(false);
  const [refreshing, setRefreshing] = useState(false);
  const alive = useRef(true);
  // Bumped by every refresh and by leaving the checkout, so a late answer is ignored.
  const refreshSeq = useRef(0);

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  // On start: the remembered checkout, if any, else the picker.
  useEffect(() => {
    let cancelled = false;
    (async () => {
      try {
        const path = await backend.localCheckout();
        if (cancelled) return;
        if (path === null) {
          setView({ kind: "picker" });
          return;
        }
        const report = await backend.localStatus();
        if (!cancelled) setView({ kind: "checkout", report });
      } catch (e) {
        if (cancelled) return;
        setError(asApiError(e));
        setView({ kind: "picker" });
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [backend]);

  const refresh = useCallback(async () => {
    const seq = ++refreshSeq.current;
    setRefreshing(true);
    try {
      const report = await backend.localStatus();
      if (!alive.current || seq !== refreshSeq.current) return;
      setView((v) => (v.kind === "checkout" ? { kind: "checkout", report } : v));
      setError(null);
    } catch (e) {
      if (!alive.current || seq !== refreshSeq.current) return;
      const err = asApiError(e);
      setError(err);
      if (err.code === "no_checkout") setView({ kind: "picker" });
    } finally {
      if (alive.current && seq === refreshSeq.current) setRefreshing(false);
    }
  }, [backend]);

  // While a checkout is shown, the Rust watcher says when to read it again.
  const showingCheckout = view.kind === "checkout";
  const onLocalStatusChanged = useCallback(
    (callback: () => void) => backend.onLocalStatusChanged(callback),
    [backend],
  );
  const onRefresh = useCallback(() => void refresh(), [refresh]);
  useBackendEvent(onLocalStatusChanged, onRefresh, setError, showingCheckout);

  async function open(path: string) {
    setOpening(true);
    setError(null);
    try {
      const report = await backend.openLocalCheckout(path);
      if (alive.current) setView({ kind: "checkout", report });
    } catch (e) {
      if (alive.current) setError(asApiError(e));
    } finally {
      if (alive.current) setOpening(false);
    }
  }

  async function changeFolder() {
    refreshSeq.current++;
    setRefreshing(false);
    setError(null);
    try {
      await backend.closeLocalCheckout();
    } catch (e) {
      if (alive.current) setError(asApiError(e));
    }
    if (alive.current) setView({ kind: "picker" });
  }

  return (
    <div className="page">
      <header className="page-header">
        <h1>Local datasets</h1>
      </header>
      {error ? (
        <ErrorBanner
          message={error.message}
          detail={error.detail}
          hint={hintFor(error)}
          onDismiss={() => setError(null)}
        />
      ) : null}
      {view.kind === "loading" ? (
        <p className="muted" aria-live="polite">
          Loading…
        </p>
      ) : null}
      {view.kind === "picker" ? (
        <CheckoutPicker busy={opening} onOpen={(p) => void open(p)} onError={setError} />
      ) : null}
      {view.kind === "checkout" ? (
        <>
          <CheckoutHeader
            report={view.report}
            now={now}
            refreshing={refreshing}
            onRefresh={() => void refresh()}
            onChange={() => void changeFolder()}
          />
          {view.report.schema > SUPPORTED_SCHEMA ? (
            <ErrorBanner
              message={`This checkout was written by a newer hugflow (schema ${view.report.schema}); upgrade Hugflow Desktop.`}
            />
          ) : (
            <>
              <InProgressList downloads={view.report.in_progress} now={now} />
              <DatasetsTable datasets={view.report.datasets} now={now} />
            </>
          )}
        </>
      ) : null}
    </div>
  );
}
