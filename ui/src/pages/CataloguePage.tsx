import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import type { ApiError } from "../bindings/ApiError";
import type { CatalogueEntry } from "../bindings/CatalogueEntry";
import type { SearchResults } from "../bindings/SearchResults";
import { asApiError, useBackend } from "../backend";
import { EMPTY_FILTERS, activeFilterCount } from "../catalogue";
import { CatalogueCount } from "../components/CatalogueCount";
import { CatalogueEmpty } from "../components/CatalogueEmpty";
import { CatalogueFilters } from "../components/CatalogueFilters";
import { CatalogueList, ROW_HEIGHT } from "../components/CatalogueList";
import { ErrorBanner } from "../components/ErrorBanner";
import { NoMatch } from "../components/NoMatch";
import { OfflineBanner } from "../components/OfflineBanner";
import { RefreshProgress } from "../components/RefreshProgress";
import { RefreshSummary } from "../components/RefreshSummary";
import { useCatalogueRefresh } from "../hooks/useCatalogueRefresh";
import { useCatalogueSearch } from "../hooks/useCatalogueSearch";
import { useCatalogueStatus } from "../hooks/useCatalogueStatus";
import { useCatalogueView } from "../hooks/useCatalogueView";
import { useNow } from "../hooks/useNow";
import { applyMove, listMove } from "../listKeys";
import { listSource } from "../resultSource";

interface Props {
  /** False while another page or a dataset is shown; the page stays mounted to keep its state. */
  active: boolean;
  /** Bumped to focus the search box (Ctrl+K). */
  focusToken: number;
  onOpen: (id: string) => void;
}

/** A failed Hub call the offline banner can try again. */
interface Offline {
  reason: string;
  retry: () => Promise<void>;
}

/** Reload results while a refresh runs, at most this often, so new datasets show up as they come. */
const LIVE_RELOAD_MS = 1500;

export function CataloguePage({ active, focusToken, onOpen }: Props) {
  const backend = useBackend();
  const now = useNow();
  const [text, setText] = useState("");
  const { filters, sort, setFilters, setSort } = useCatalogueView();
  const [reloadKey, setReloadKey] = useState(0);
  const search = useCatalogueSearch(text, filters, sort, reloadKey);
  const { status, reload: reloadStatus } = useCatalogueStatus();
  const [selected, setSelected] = useState(0);
  const [hub, setHub] = useState<{ text: string; results: SearchResults } | null>(null);
  const [hubBusy, setHubBusy] = useState(false);
  const [offline, setOffline] = useState<Offline | null>(null);
  const [retrying, setRetrying] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLDivElement>(null);
  const lastLiveReload = useRef(0);

  const reloadAll = useCallback(() => {
    reloadStatus();
    setReloadKey((k) => k + 1);
  }, [reloadStatus]);
  const refresher = useCatalogueRefresh(reloadAll);
  const refreshing = refresher.state.running;

  const trimmed = text.trim();
  const hubShown = hub !== null && hub.text === trimmed;
  const source = useMemo(
    () => (hubShown ? listSource(`hub:${hub.text}`, hub.results.items) : search),
    [hubShown, hub, search],
  );
  const total = source.total;

  useEffect(() => {
    if (active) input.current?.focus();
  }, [active, focusToken]);

  useEffect(() => setSelected(0), [source.key]);

  // Back from a dataset: favourites or hosts may have changed.
  const wasActive = useRef(active);
  useEffect(() => {
    if (active && !wasActive.current) reloadAll();
    wasActive.current = active;
  }, [active, reloadAll]);

  const done = refresher.state.progress?.done;
  useEffect(() => {
    if (done === undefined || Date.now() - lastLiveReload.current < LIVE_RELOAD_MS) return;
    lastLiveReload.current = Date.now();
    reloadAll();
  }, [done, reloadAll]);

  /** Offline errors go to the banner (with a retry), others to the error banner. */
  function settle(failure: ApiError | null, retry: () => Promise<void>) {
    if (failure === null) {
      setOffline(null);
    } else if (failure.code === "offline") {
      setOffline({ reason: failure.message, retry });
    } else {
      setError(failure);
    }
  }

  async function refresh(full: boolean): Promise<void> {
    setError(null);
    lastLiveReload.current = 0;
    settle(await refresher.start(full), () => refresh(full));
  }

  async function searchTheHub(query: string): Promise<void> {
    setHubBusy(true);
    setError(null);
    try {
      const results = await backend.searchHub(query);
      setHub({ text: query, results });
      settle(null, async () => {});
      reloadStatus();
    } catch (e) {
      settle(asApiError(e), () => searchTheHub(query));
    } finally {
      setHubBusy(false);
    }
  }

  async function cancel() {
    const failure = await refresher.cancel();
    if (failure) setError(failure);
  }

  async function retry() {
    if (offline === null) return;
    setRetrying(true);
    try {
      await offline.retry();
    } finally {
      setRetrying(false);
    }
  }

  const patchSearch = search.patch;
  const toggleFavourite = useCallback(
    (entry: CatalogueEntry) => {
      const favourite = !entry.favourite;
      const patch = (value: boolean) => {
        patchSearch(entry.id, { favourite: value });
        setHub((h) =>
          h && {
            ...h,
            results: { ...h.results, items: h.results.items.map((e) => (e.id === entry.id ? { ...e, favourite: value } : e)) },
          },
        );
      };
      patch(favourite);
      backend.setFavourite(entry.id, favourite).catch((e: unknown) => {
        patch(!favourite);
        setError(asApiError(e));
      });
    },
    [backend, patchSearch],
  );

  const open = useCallback(
    (entry: CatalogueEntry, index: number) => {
      setSelected(index);
      onOpen(entry.id);
    },
    [onOpen],
  );

  function onKeys(event: KeyboardEvent<HTMLElement>, inTextField: boolean) {
    const count = total ?? 0;
    const pageRows = Math.max(1, Math.floor((list.current?.clientHeight || 600) / ROW_HEIGHT) - 1);
    const move = listMove(event.key, pageRows, inTextField);
    if (move === null || count === 0) return;
    event.preventDefault();
    if (move === "open") {
      const entry = source.get(selected);
      if (entry) open(entry, selected);
    } else {
      setSelected((s) => applyMove(s, move, count));
    }
  }

  const empty = status !== null && status.count === 0 && !hubShown;
  const filtered = activeFilterCount(filters) > 0;
  const noMatch = !empty && !hubShown && total === 0 && !search.searching && (trimmed !== "" || filtered);

  return (
    <div className="page page-catalogue" data-testid="page-catalogue" hidden={!active}>
      <header className="page-header catalogue-header">
        <h1>Catalogue</h1>
        <span className="spacer" />
        <button
          type="button"
          data-testid="catalogue-refresh"
          onClick={() => void refresh(false)}
          disabled={refreshing}
          title="Fetch what changed on the Hub since the last refresh"
        >
          {refreshing ? "Refreshing…" : "Refresh"}
        </button>
      </header>
      {offline ? <OfflineBanner reason={offline.reason} retrying={retrying} onRetry={() => void retry()} /> : null}
      {error ? <ErrorBanner message={error.message} detail={error.detail} onDismiss={() => setError(null)} /> : null}
      {search.error ? <ErrorBanner message={search.error.message} detail={search.error.detail} /> : null}
      {refresher.state.report ? <RefreshSummary report={refresher.state.report} onDismiss={refresher.dismissReport} /> : null}
      <input
        ref={input}
        className="input search-input"
        data-testid="catalogue-search"
        type="search"
        placeholder="Search datasets: id, name, description, tags (Ctrl+K)"
        aria-label="Search the catalogue"
        aria-controls="catalogue-results"
        value={text}
        autoComplete="off"
        spellCheck={false}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => onKeys(e, true)}
      />
      <CatalogueFilters filters={filters} sort={sort} onFilters={setFilters} onSort={setSort} />
      <CatalogueCount total={total} capped={source.capped} status={status} now={now} fromHub={hubShown} />
      {refreshing ? <RefreshProgress state={refresher.state} onCancel={() => void cancel()} /> : null}
      {empty && !refreshing ? <CatalogueEmpty busy={refreshing} onRefresh={() => void refresh(true)} /> : null}
      {noMatch || (empty && trimmed !== "") ? (
        <NoMatch
          text={text}
          filtered={filtered}
          searchingHub={hubBusy}
          onSearchHub={() => void searchTheHub(trimmed)}
          onClearFilters={() => setFilters(EMPTY_FILTERS)}
        />
      ) : null}
      {hubShown ? (
        <p className="muted small" data-testid="hub-results-note">
          Results from the Hub for “{hub.text}”; they are now in the local catalogue too.
        </p>
      ) : null}
      <div className="catalogue-list-slot" hidden={noMatch || (empty && !hubShown)}>
        <CatalogueList
          source={source}
          selected={selected}
          now={now}
          active={active}
          onOpen={open}
          onToggleFavourite={toggleFavourite}
          onKeyDown={(e) => onKeys(e, false)}
          listRef={list}
        />
      </div>
    </div>
  );
}
