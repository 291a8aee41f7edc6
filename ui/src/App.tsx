import { useState } from "react";
import { Sidebar, type Page } from "./components/Sidebar";
import { LocalDatasetsPage } from "./pages/LocalDatasetsPage";
import { SettingsPage } from "./pages/SettingsPage";

export function App() {
  const [page, setPage] = useState<Page>("local");
  return (
    <div className="app">
      <Sidebar page={page} onNavigate={setPage} />
      <main className="main">{page === "local" ? <LocalDatasetsPage /> : <SettingsPage />}</main>
    </div>
  );
}
