import { Suspense, useEffect, useLayoutEffect, useRef, useState } from "react";
import { useBackend } from "./backend";
import { Sidebar, type Page } from "./components/Sidebar";
import { useGlobalShortcut } from "./hooks/useGlobalShortcut";
import {
  DatasetPage,
  HostPage,
  HostsPage,
  LocalDatasetsPage,
  preloadPages,
  RequestPage,
  RequestsPage,
  RetrainPage,
  RunsPage,
  SettingsPage,
  SetupPage,
  SpacesPage,
} from "./lazyPages";
import { CataloguePage } from "./pages/CataloguePage";
import type { RequestTarget } from "./requests";

/** What shows for the moment a page's script takes to load. */
const loadingPage = <p className="page-loading" aria-busy="true">Loading…</p>;

/** `unknown` until the backend answers: the app shows meanwhile, as it does for every returning user. */
type Setup = "unknown" | "showing" | "done";

export function App() {
  const backend = useBackend();
  const [setup, setSetup] = useState<Setup>("unknown");
  // Bumped when the setup's first crawl ends: the catalogue then reads the filled database again.
  const [catalogueKey, setCatalogueKey] = useState(0);
  const [page, setPage] = useState<Page>("catalogue");
  /** The dataset opened from the catalogue, if any. */
  const [dataset, setDataset] = useState<string | null>(null);
  /** The request form, over the dataset page or the Requests page it was opened from. */
  const [request, setRequest] = useState<RequestTarget | null>(null);
  /** The host opened from the Hosts page (or from a sync started on the dataset page), if any. */
  const [host, setHost] = useState<string | null>(null);
  // Bumped for each form opened, so that a new one starts blank.
  const [requestSeq, setRequestSeq] = useState(0);
  const [focusToken, setFocusToken] = useState(0);
  const main = useRef<HTMLElement>(null);

  useEffect(() => {
    let cancelled = false;
    const settle = (done: boolean) => {
      if (!cancelled) setSetup((s) => (s === "unknown" ? (done ? "done" : "showing") : s));
    };
    // A profile whose state cannot be read opens as usual: its pages say what is wrong.
    backend.setupDone().then(settle, () => settle(true));
    return () => {
      cancelled = true;
    };
  }, [backend]);

  // Once the first page is up, the others load in the background (see lazyPages).
  useEffect(() => {
    const timer = setTimeout(() => void preloadPages().catch(() => undefined), 1000);
    return () => clearTimeout(timer);
  }, []);

  function navigate(next: Page) {
    setPage(next);
    setDataset(null);
    setRequest(null);
    setHost(null);
  }

  function openHost(name: string) {
    navigate("hosts");
    setHost(name);
  }

  function openRequest(target: RequestTarget) {
    setRequest(target);
    setRequestSeq((s) => s + 1);
  }

  useGlobalShortcut("k", () => {
    navigate("catalogue");
    setFocusToken((t) => t + 1);
  });

  // Each view starts at its top; the catalogue's list keeps its own scroll position.
  useLayoutEffect(() => {
    if (main.current) main.current.scrollTop = 0;
  }, [page, dataset, request, host]);

  if (setup === "showing") {
    const bump = () => setCatalogueKey((k) => k + 1);
    return (
      <div className="app setup-app">
        <main className="main">
          <Suspense fallback={loadingPage}>
            <SetupPage
              onDone={() => {
                setSetup("done");
                navigate("catalogue");
              }}
              onCrawl={(crawl) => void crawl.then(bump, bump)}
            />
          </Suspense>
        </main>
      </div>
    );
  }

  const showDataset = page === "catalogue" && dataset !== null;
  return (
    <div className="app">
      <Sidebar page={page} onNavigate={navigate} />
      <main className="main" ref={main}>
        {/* Always mounted: the query, the loaded results and the scroll position survive a visit elsewhere. */}
        <CataloguePage key={catalogueKey} active={page === "catalogue" && dataset === null && request === null} focusToken={focusToken} onOpen={setDataset} />
        {/* Its own boundary: a page still loading never hides the catalogue above. */}
        <Suspense fallback={loadingPage}>
          {showDataset ? (
            // Kept under the request form, so "back" finds the dataset as it was left.
            <div className="page-frame" hidden={request !== null}>
              <DatasetPage key={dataset} id={dataset} onBack={() => setDataset(null)} onRequest={openRequest} onOpenHost={openHost} />
            </div>
          ) : null}
          {request !== null ? (
            <RequestPage
              key={requestSeq}
              target={request}
              backLabel={showDataset ? "Dataset" : "Requests"}
              onBack={() => setRequest(null)}
              onOpenSettings={() => navigate("settings")}
              onOpenRequests={() => navigate("requests")}
            />
          ) : null}
          {page === "requests" && request === null ? (
            <RequestsPage onNewRequest={() => openRequest({ kind: "add", hfId: "" })} onOpenSettings={() => navigate("settings")} />
          ) : null}
          {page === "hosts" && host === null ? <HostsPage onOpenHost={setHost} /> : null}
          {page === "hosts" && host !== null ? <HostPage key={host} name={host} onBack={() => setHost(null)} onOpenHost={setHost} /> : null}
          {page === "runs" ? <RunsPage /> : null}
          {page === "retrain" ? <RetrainPage /> : null}
          {page === "spaces" ? <SpacesPage /> : null}
          {page === "local" ? <LocalDatasetsPage /> : null}
          {page === "settings" ? <SettingsPage onRunSetup={() => setSetup("showing")} /> : null}
        </Suspense>
      </main>
    </div>
  );
}
