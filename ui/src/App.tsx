import { useLayoutEffect, useRef, useState } from "react";
import { Sidebar, type Page } from "./components/Sidebar";
import { useGlobalShortcut } from "./hooks/useGlobalShortcut";
import { CataloguePage } from "./pages/CataloguePage";
import { DatasetPage } from "./pages/DatasetPage";
import { LocalDatasetsPage } from "./pages/LocalDatasetsPage";
import { SettingsPage } from "./pages/SettingsPage";

export function App() {
  const [page, setPage] = useState<Page>("catalogue");
  /** The dataset opened from the catalogue, if any. */
  const [dataset, setDataset] = useState<string | null>(null);
  const [focusToken, setFocusToken] = useState(0);
  const main = useRef<HTMLElement>(null);

  function navigate(next: Page) {
    setPage(next);
    setDataset(null);
  }

  useGlobalShortcut("k", () => {
    navigate("catalogue");
    setFocusToken((t) => t + 1);
  });

  // Each view starts at its top; the catalogue's list keeps its own scroll position.
  useLayoutEffect(() => {
    if (main.current) main.current.scrollTop = 0;
  }, [page, dataset]);

  return (
    <div className="app">
      <Sidebar page={page} onNavigate={navigate} />
      <main className="main" ref={main}>
        {/* Always mounted: the query, the loaded results and the scroll position survive a visit elsewhere. */}
        <CataloguePage active={page === "catalogue" && dataset === null} focusToken={focusToken} onOpen={setDataset} />
        {page === "catalogue" && dataset !== null ? (
          <DatasetPage key={dataset} id={dataset} onBack={() => setDataset(null)} />
        ) : null}
        {page === "local" ? <LocalDatasetsPage /> : null}
        {page === "settings" ? <SettingsPage /> : null}
      </main>
    </div>
  );
}
