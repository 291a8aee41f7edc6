import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { SearchQuery } from "../bindings/SearchQuery";
import { VIEW_STORAGE_KEY } from "../catalogue";
import { ROW_HEIGHT } from "../components/CatalogueList";
import type { FakeBackendData } from "../backend/fake";
import { LIBRI, MALAY, SOMEONE, SQUAD, VOICE, catalogue, entry, many } from "../test/catalogue";
import { hoursAgo, renderWith } from "../test/fixtures";
import { CataloguePage } from "./CataloguePage";

function renderCatalogue(data: FakeBackendData = {}) {
  const onOpen = vi.fn();
  const result = renderWith(<CataloguePage active focusToken={0} onOpen={onOpen} />, {
    catalogue: catalogue(),
    refreshedAt: hoursAgo(3),
    ...data,
  });
  return { ...result, onOpen, user: userEvent.setup() };
}

const rowIds = () => screen.queryAllByTestId("catalogue-row").map((r) => r.getAttribute("data-id"));

async function expectRows(ids: string[]) {
  await waitFor(() => expect(rowIds()).toEqual(ids));
}

const lastQuery = (queries: SearchQuery[]) => queries[queries.length - 1]!;

describe("CataloguePage", () => {
  it("focuses the search box and lists the catalogue by downloads", async () => {
    renderCatalogue();
    expect(screen.getByTestId("catalogue-search")).toHaveFocus();
    await expectRows([LIBRI.id, VOICE.id, SQUAD.id, MALAY.id, SOMEONE.id]);
  });

  it("updates the results as you type", async () => {
    const { user, backend } = renderCatalogue();
    await expectRows([LIBRI.id, VOICE.id, SQUAD.id, MALAY.id, SOMEONE.id]);

    await user.type(screen.getByTestId("catalogue-search"), "malay");
    await expectRows([MALAY.id]);
    expect(lastQuery(backend.queries)).toMatchObject({ text: "malay", limit: 100, offset: 0 });

    await user.clear(screen.getByTestId("catalogue-search"));
    await user.type(screen.getByTestId("catalogue-search"), "speech english");
    await expectRows([LIBRI.id]);
  });

  it("puts an exact id or name match first, whatever its downloads", async () => {
    const { user } = renderCatalogue();
    await user.type(screen.getByTestId("catalogue-search"), "asr");
    // someone/asr has the fewest downloads; a name starting with the text comes next.
    await expectRows([SOMEONE.id, MALAY.id, LIBRI.id]);
    expect(screen.getAllByTestId("catalogue-row")[0]).toHaveAttribute("aria-selected", "true");
  });

  it("ignores an answer that arrives after a newer one", async () => {
    const { user, backend } = renderCatalogue();
    const search = backend.catalogueSearch.bind(backend);
    backend.catalogueSearch = async (query) => {
      if (query.text === "s") await new Promise((resolve) => setTimeout(resolve, 200));
      return search(query);
    };
    await expectRows([LIBRI.id, VOICE.id, SQUAD.id, MALAY.id, SOMEONE.id]);
    const input = screen.getByTestId("catalogue-search");
    await user.type(input, "s");
    await waitFor(() => expect(backend.queries.some((q) => q.text === "s")).toBe(true));
    await user.type(input, "quad");
    await expectRows([SQUAD.id]);
    // The slow answer for "s" (which matches everything) comes later and is dropped.
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(rowIds()).toEqual([SQUAD.id]);
    expect(screen.getByTestId("catalogue-count")).toHaveTextContent(/^1 dataset ·/);
  });

  it("shows the count and the catalogue's freshness", async () => {
    const { user } = renderCatalogue();
    const count = screen.getByTestId("catalogue-count");
    await waitFor(() => expect(count).toHaveTextContent("5 datasets · catalogue of 5 datasets, refreshed 3 hours ago"));
    await user.type(screen.getByTestId("catalogue-search"), "squad");
    await waitFor(() => expect(count).toHaveTextContent(/^1 dataset · catalogue of 5 datasets/));
  });

  it("says when the catalogue was never refreshed", async () => {
    renderCatalogue({ refreshedAt: null });
    await waitFor(() => expect(screen.getByTestId("catalogue-count")).toHaveTextContent("catalogue of 5 datasets, never refreshed"));
  });

  it("shows a capped count as 1,000+ with a hint, and the exact count under the cap", async () => {
    const { user } = renderCatalogue({ catalogue: many(1_500), countCap: 1_000 });
    const count = screen.getByTestId("catalogue-count");
    await waitFor(() =>
      expect(count).toHaveTextContent(
        "1,000+ datasets (the first 1,000 are listed: refine your search to see more) · catalogue of 1,500 datasets",
      ),
    );
    await user.type(screen.getByTestId("catalogue-search"), "dataset-00012");
    await waitFor(() => expect(count).toHaveTextContent(/^1 dataset · catalogue of 1,500 datasets/));
    expect(screen.queryByTestId("catalogue-count-hint")).not.toBeInTheDocument();
  });

  it("combines filters (OR within a facet, AND across) and remembers them across restarts", async () => {
    const { user, backend, unmount } = renderCatalogue();
    await expectRows([LIBRI.id, VOICE.id, SQUAD.id, MALAY.id, SOMEONE.id]);

    await user.click(screen.getByTestId("filter-task"));
    await user.click(screen.getByTestId("filter-task-automatic-speech-recognition"));
    await expectRows([LIBRI.id, VOICE.id, MALAY.id]);

    await user.click(screen.getByTestId("filter-language"));
    await user.click(screen.getByTestId("filter-language-ms"));
    await expectRows([VOICE.id, MALAY.id]);

    await user.selectOptions(screen.getByTestId("filter-gated"), "open");
    await expectRows([MALAY.id]);
    expect(lastQuery(backend.queries).filters).toEqual({
      tasks: ["automatic-speech-recognition"],
      languages: ["ms"],
      modalities: [],
      size_categories: [],
      licenses: [],
      gated: false,
      on_host: false,
    });
    expect(screen.getAllByTestId("filter-chip").map((c) => c.textContent)).toEqual([
      "Task: automatic-speech-recognition×",
      "Language: ms×",
      "Open only×",
    ]);
    expect(JSON.parse(window.localStorage.getItem(VIEW_STORAGE_KEY)!).filters.languages).toEqual(["ms"]);

    // A restart reads them back.
    unmount();
    renderCatalogue();
    await expectRows([MALAY.id]);
    expect(screen.getAllByTestId("filter-chip")).toHaveLength(3);

    await user.click(screen.getByTestId("filter-clear"));
    await expectRows([LIBRI.id, VOICE.id, SQUAD.id, MALAY.id, SOMEONE.id]);
    expect(JSON.parse(window.localStorage.getItem(VIEW_STORAGE_KEY)!).filters.tasks).toEqual([]);
  });

  it("filters on datasets a host holds", async () => {
    const { user } = renderCatalogue();
    await user.click(screen.getByTestId("filter-on-host"));
    await expectRows([LIBRI.id]);
    const row = screen.getByTestId("catalogue-row");
    expect(within(row).getByTestId("row-host")).toHaveTextContent("on local");
  });

  it("sorts by likes and by last update, and remembers the sort", async () => {
    const { user, unmount } = renderCatalogue();
    await user.selectOptions(screen.getByTestId("catalogue-sort"), "likes");
    await expectRows([VOICE.id, LIBRI.id, SQUAD.id, MALAY.id, SOMEONE.id]);
    await user.selectOptions(screen.getByTestId("catalogue-sort"), "updated");
    await expectRows([SQUAD.id, SOMEONE.id, MALAY.id, VOICE.id, LIBRI.id]);

    unmount();
    renderCatalogue();
    expect(screen.getByTestId("catalogue-sort")).toHaveValue("updated");
    await expectRows([SQUAD.id, SOMEONE.id, MALAY.id, VOICE.id, LIBRI.id]);
  });

  it("shows a row's facts: gated badge, host badge, stats and tags", async () => {
    renderCatalogue();
    await expectRows([LIBRI.id, VOICE.id, SQUAD.id, MALAY.id, SOMEONE.id]);
    const [libri, voice] = screen.getAllByTestId("catalogue-row") as [HTMLElement, HTMLElement];
    expect(libri).toHaveTextContent("LibriSpeech");
    expect(libri).toHaveTextContent("About 1,000 hours of read English speech");
    expect(within(libri).getByTestId("row-downloads")).toHaveTextContent("90,000");
    expect(within(libri).getByText("automatic-speech-recognition")).toBeInTheDocument();
    expect(within(libri).queryByTestId("row-gated")).not.toBeInTheDocument();
    expect(within(voice).getByTestId("row-gated")).toHaveTextContent("gated");
    expect(within(libri).queryByTestId("row-disabled")).not.toBeInTheDocument();
    expect(within(voice).queryByTestId("row-host")).not.toBeInTheDocument();
  });

  it("marks a dataset the Hub disabled", async () => {
    renderCatalogue({ catalogue: catalogue().map((e) => (e.id === VOICE.id ? { ...e, disabled: true } : e)) });
    await expectRows([LIBRI.id, VOICE.id, SQUAD.id, MALAY.id, SOMEONE.id]);
    const [libri, voice] = screen.getAllByTestId("catalogue-row") as [HTMLElement, HTMLElement];
    expect(within(voice).getByTestId("row-disabled")).toHaveTextContent("disabled");
    expect(within(libri).queryByTestId("row-disabled")).not.toBeInTheDocument();
  });

  it("renders only a window of 10,000 rows and loads pages as you scroll", async () => {
    const { backend } = renderCatalogue({ catalogue: many(10_000) });
    await waitFor(() => expect(screen.getAllByTestId("catalogue-row").length).toBeGreaterThan(5));
    expect(screen.getByTestId("catalogue-count")).toHaveTextContent(/^10,000 datasets/);
    const rendered = screen.getAllByTestId("catalogue-row");
    expect(rendered.length).toBeLessThan(40);
    expect(rendered[0]).toHaveAttribute("data-id", "bulk/dataset-00000");
    expect(backend.queries.map((q) => q.offset)).toEqual([0]);

    const list = screen.getByTestId("catalogue-results");
    list.scrollTop = 5000 * ROW_HEIGHT;
    fireEvent.scroll(list);

    await waitFor(() => expect(rowIds()).toContain("bulk/dataset-05000"));
    expect(rowIds()).not.toContain("bulk/dataset-00000");
    expect(screen.getAllByTestId("catalogue-row").length).toBeLessThan(40);
    expect(backend.queries.map((q) => q.offset)).toContain(5000);
    expect(backend.queries.every((q) => q.limit === 100)).toBe(true);
    const row = screen.getAllByTestId("catalogue-row").find((r) => r.getAttribute("data-id") === "bulk/dataset-05000")!;
    expect(row.style.transform).toBe(`translateY(${5000 * ROW_HEIGHT}px)`);
  });

  it("moves the selection with the arrow keys and opens it with Enter", async () => {
    const { user, onOpen } = renderCatalogue();
    await expectRows([LIBRI.id, VOICE.id, SQUAD.id, MALAY.id, SOMEONE.id]);
    await user.keyboard("{ArrowDown}{ArrowDown}{ArrowUp}{ArrowDown}");
    expect(screen.getAllByTestId("catalogue-row")[2]).toHaveAttribute("aria-selected", "true");
    await user.keyboard("{Enter}");
    expect(onOpen).toHaveBeenCalledWith(SQUAD.id);
  });

  it("opens a dataset on click", async () => {
    const { user, onOpen } = renderCatalogue();
    await expectRows([LIBRI.id, VOICE.id, SQUAD.id, MALAY.id, SOMEONE.id]);
    await user.click(screen.getByText(MALAY.id));
    expect(onOpen).toHaveBeenCalledWith(MALAY.id);
  });

  it("toggles a favourite without opening the dataset", async () => {
    const { user, backend, onOpen } = renderCatalogue();
    await expectRows([LIBRI.id, VOICE.id, SQUAD.id, MALAY.id, SOMEONE.id]);
    const star = within(screen.getAllByTestId("catalogue-row")[1]!).getByTestId("favourite-toggle");
    expect(star).toHaveAttribute("aria-pressed", "false");
    await user.click(star);
    expect(star).toHaveAttribute("aria-pressed", "true");
    await waitFor(() => expect(backend.favouriteCalls).toEqual([[VOICE.id, true]]));
    expect(onOpen).not.toHaveBeenCalled();
    expect(backend.catalogue.find((e) => e.id === VOICE.id)?.favourite).toBe(true);
  });

  it("puts a favourite back when saving it fails", async () => {
    const { user, backend } = renderCatalogue();
    backend.failNext("setFavourite", { code: "database", message: "The database is locked.", detail: null });
    await expectRows([LIBRI.id, VOICE.id, SQUAD.id, MALAY.id, SOMEONE.id]);
    const star = within(screen.getAllByTestId("catalogue-row")[0]!).getByTestId("favourite-toggle");
    await user.click(star);
    expect(await screen.findByTestId("error-banner")).toHaveTextContent("The database is locked.");
    expect(star).toHaveAttribute("aria-pressed", "false");
  });

  it("offers a full refresh when the catalogue is empty, with progress, then shows the results", async () => {
    const { user, backend } = renderCatalogue({ catalogue: [], hub: catalogue(), holdRefresh: true, refreshSteps: 2 });
    const empty = await screen.findByTestId("catalogue-empty");
    expect(empty).toHaveTextContent("The local catalogue is empty.");
    expect(screen.queryAllByTestId("catalogue-row")).toHaveLength(0);

    await user.click(within(empty).getByTestId("catalogue-refresh-full"));
    const progress = await screen.findByTestId("catalogue-progress");
    await waitFor(() => expect(within(progress).getByTestId("catalogue-progress-count")).toHaveTextContent("3 datasets read"));
    expect(within(progress).getByRole("progressbar")).toHaveAttribute("aria-valuetext", "3 datasets read");
    expect(screen.getByTestId("catalogue-refresh")).toBeDisabled();

    act(() => backend.releaseRefresh());
    await waitFor(() => expect(screen.queryByTestId("catalogue-progress")).not.toBeInTheDocument());
    await expectRows([LIBRI.id, VOICE.id, SQUAD.id, MALAY.id, SOMEONE.id]);
    expect(screen.getByTestId("refresh-report")).toHaveTextContent("Catalogue rebuilt: 5 new, 0 updated.");
    await waitFor(() => expect(screen.getByTestId("catalogue-count")).toHaveTextContent(/catalogue of 5 datasets, refreshed just now/));
    expect(screen.queryByTestId("catalogue-empty")).not.toBeInTheDocument();
  });

  it("cancels a running refresh", async () => {
    const { user, backend } = renderCatalogue({ hub: [entry("new/one"), entry("new/two")], holdRefresh: true, refreshSteps: 2 });
    await user.click(screen.getByTestId("catalogue-refresh"));
    await screen.findByTestId("catalogue-progress");
    await user.click(screen.getByTestId("catalogue-cancel"));
    await waitFor(() => expect(screen.queryByTestId("catalogue-progress")).not.toBeInTheDocument());
    expect(backend.callCount("cancelCatalogueRefresh")).toBe(1);
    expect(screen.getByTestId("refresh-report")).toHaveTextContent("Refresh cancelled after reading 1 dataset;");
  });

  it("offers the Hub when nothing local matches, and shows what it finds", async () => {
    const found = entry("facebook/voxpopuli", { description: "European Parliament speech", downloads: 30_000 });
    const { user, backend } = renderCatalogue({ hub: [found] });
    await user.type(screen.getByTestId("catalogue-search"), "voxpopuli");
    const none = await screen.findByTestId("catalogue-no-match");
    expect(none).toHaveTextContent("No dataset in the local catalogue matches “voxpopuli”.");

    await user.click(within(none).getByTestId("search-hub"));
    await expectRows([found.id]);
    expect(backend.callCount("searchHub")).toBe(1);
    expect(screen.queryByTestId("catalogue-no-match")).not.toBeInTheDocument();
    expect(screen.getByTestId("hub-results-note")).toHaveTextContent("Results from the Hub for “voxpopuli”");
    expect(screen.getByTestId("catalogue-count")).toHaveTextContent(/^1 dataset found on the Hub/);
    // It is in the local catalogue now.
    await waitFor(() => expect(screen.getByTestId("catalogue-count")).toHaveTextContent("catalogue of 6 datasets"));
  });

  it("shows the offline banner when the Hub is unreachable, keeps local search, and retries", async () => {
    const { user, backend } = renderCatalogue({ offline: true, hub: [entry("new/one")] });
    await user.click(screen.getByTestId("catalogue-refresh"));
    const banner = await screen.findByTestId("offline-banner");
    expect(banner).toHaveTextContent(
      "The Hub cannot be reached (cannot reach https://huggingface.co/ (connection refused); check the network or HF_ENDPOINT). Search still works on the local catalogue.",
    );
    expect(screen.queryByTestId("error-banner")).not.toBeInTheDocument();

    await user.type(screen.getByTestId("catalogue-search"), "squad");
    await expectRows([SQUAD.id]);

    backend.offline = false;
    await user.click(screen.getByTestId("offline-retry"));
    await waitFor(() => expect(screen.queryByTestId("offline-banner")).not.toBeInTheDocument());
    expect(backend.callCount("refreshCatalogue")).toBe(2);
    expect(screen.getByTestId("refresh-report")).toHaveTextContent("1 new");
  });

  it("retries a failed Hub search from the offline banner", async () => {
    const found = entry("facebook/voxpopuli");
    const { user, backend } = renderCatalogue({ offline: true, hub: [found] });
    await user.type(screen.getByTestId("catalogue-search"), "voxpopuli");
    await user.click(await screen.findByTestId("search-hub"));
    await screen.findByTestId("offline-banner");
    backend.offline = false;
    await user.click(screen.getByTestId("offline-retry"));
    await expectRows([found.id]);
    expect(backend.callCount("searchHub")).toBe(2);
    expect(screen.queryByTestId("offline-banner")).not.toBeInTheDocument();
  });

  it("shows other refresh errors in the error banner", async () => {
    const { user, backend } = renderCatalogue();
    backend.failNext("refreshCatalogue", { code: "rate_limited", message: "the Hub is rate limiting requests; retry in 30 s", detail: null });
    await user.click(screen.getByTestId("catalogue-refresh"));
    expect(await screen.findByTestId("error-banner")).toHaveTextContent("retry in 30 s");
    expect(screen.queryByTestId("offline-banner")).not.toBeInTheDocument();
  });
});
