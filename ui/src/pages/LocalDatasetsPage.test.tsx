import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { ROOT, dataset, hoursAgo, progress, renderWith, report } from "../test/fixtures";
import { LocalDatasetsPage } from "./LocalDatasetsPage";

const VOICE = dataset({ added_at: hoursAgo(72) });
const LIBRI = dataset({
  hf_id: "openslr/librispeech_asr",
  description: "English ASR baseline",
  subset: null,
  split: "train",
  storage_name: "openslr__librispeech_asr__rev_main",
  path: "/data/datasets/openslr__librispeech_asr__rev_main",
  size_bytes: 61203283968,
  file_count: 281241,
  added_at: hoursAgo(5),
  present: false,
});
const UNKNOWN = dataset({
  hf_id: "acme/unknown",
  storage_name: "acme__unknown__rev_main",
  size_bytes: null,
  file_count: null,
  added_at: hoursAgo(24 * 30 * 4),
});

async function openCheckout(path = ROOT) {
  const user = userEvent.setup();
  const input = await screen.findByTestId("checkout-path");
  await user.type(input, path);
  await user.click(screen.getByTestId("checkout-open"));
  return user;
}

describe("LocalDatasetsPage", () => {
  it("opens a checkout from the picker and shows its datasets, newest first", async () => {
    const { backend } = renderWith(<LocalDatasetsPage />, {
      checkouts: { [ROOT]: report({ datasets: [VOICE, UNKNOWN, LIBRI] }) },
    });
    expect(await screen.findByText(/Pick the folder of your Hugflow GitOps checkout/)).toBeInTheDocument();
    expect(screen.queryByTestId("checkout-root")).not.toBeInTheDocument();

    await openCheckout();

    expect(await screen.findByTestId("checkout-root")).toHaveTextContent(ROOT);
    expect(screen.getByText(`${ROOT}/.hugflow-state`)).toBeInTheDocument();
    expect(screen.getByText("/data/datasets")).toBeInTheDocument();
    expect(backend.remembered).toBe(ROOT);

    const rows = within(screen.getByTestId("datasets-table")).getAllByTestId("dataset-row");
    expect(rows.map((r) => r.getAttribute("data-storage-name"))).toEqual([
      "openslr__librispeech_asr__rev_main",
      VOICE.storage_name,
      "acme__unknown__rev_main",
    ]);

    const [libri, voice, unknown] = rows as [HTMLElement, HTMLElement, HTMLElement];
    expect(within(libri).getByTestId("dataset-size")).toHaveTextContent("57.0 GB");
    expect(within(libri).getByTestId("dataset-files")).toHaveTextContent("281,241");
    expect(within(libri).getByTestId("dataset-subset")).toHaveTextContent("full");
    expect(within(libri).getByText("missing on disk")).toBeInTheDocument();
    expect(within(libri).getByText("5 hours ago")).toBeInTheDocument();

    expect(within(voice).getByTestId("dataset-size")).toHaveTextContent("3.0 GB");
    expect(within(voice).getByTestId("dataset-files")).toHaveTextContent("12,044");
    expect(within(voice).getByTestId("dataset-subset")).toHaveTextContent("ms / train");
    expect(within(voice).queryByText("missing on disk")).not.toBeInTheDocument();
    const added = within(voice).getByText("3 days ago");
    expect(added.getAttribute("title")).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    expect(within(voice).getByTitle(VOICE.path!)).toHaveTextContent(VOICE.path!);

    expect(within(unknown).getByTestId("dataset-size")).toHaveTextContent("—");
    expect(within(unknown).getByTestId("dataset-files")).toHaveTextContent("—");

    expect(screen.getByTestId("datasets-summary")).toHaveTextContent("3 datasets, 60.0 GB total");
    expect(screen.getByText("3 days ago", { selector: ".meta time" })).toBeInTheDocument();
  });

  it("opens on Enter with the path the folder picker chose", async () => {
    const user = userEvent.setup();
    const { backend } = renderWith(<LocalDatasetsPage />, {
      checkouts: { [ROOT]: report({ datasets: [VOICE] }) },
      pickFolderResult: ROOT,
    });
    await user.click(await screen.findByTestId("checkout-browse"));
    const input = screen.getByTestId("checkout-path");
    await waitFor(() => expect(input).toHaveValue(ROOT));
    expect(backend.callCount("openLocalCheckout")).toBe(0);

    await user.type(input, "{Enter}");
    expect(await screen.findByTestId("datasets-table")).toBeInTheDocument();
    expect(backend.callCount("openLocalCheckout")).toBe(1);
  });

  it("shows not_a_checkout in the error banner with the hugflow init hint", async () => {
    renderWith(<LocalDatasetsPage />, { checkouts: { [ROOT]: report() } });
    await openCheckout("/home/me/elsewhere");

    const banner = await screen.findByTestId("error-banner");
    expect(banner).toHaveTextContent("/home/me/elsewhere is not a Hugflow checkout");
    expect(banner).toHaveTextContent("hugflow init");
    expect(screen.getByTestId("checkout-path")).toBeInTheDocument();
    expect(screen.queryByTestId("checkout-root")).not.toBeInTheDocument();
  });

  it("shows other errors without the init hint", async () => {
    const { backend } = renderWith(<LocalDatasetsPage />, { checkouts: { [ROOT]: report() } });
    backend.failNext("openLocalCheckout", { code: "invalid_input", message: "The path must be absolute.", detail: null });
    await openCheckout("relative/path");

    const banner = await screen.findByTestId("error-banner");
    expect(banner).toHaveTextContent("The path must be absolute.");
    expect(banner).not.toHaveTextContent("hugflow init");
  });

  it("says what to do when the checkout has no datasets", async () => {
    renderWith(<LocalDatasetsPage />, { checkouts: { [ROOT]: report() }, remembered: ROOT });
    const empty = await screen.findByTestId("datasets-empty");
    expect(empty).toHaveTextContent(
      "No datasets yet. Open a pull request that adds requests/add/<name>.yaml; when the sync finishes, the dataset appears here.",
    );
    expect(screen.queryByTestId("datasets-table")).not.toBeInTheDocument();
    expect(screen.queryByText("In progress")).not.toBeInTheDocument();
  });

  it("shows downloads in progress with a bar", async () => {
    renderWith(<LocalDatasetsPage />, {
      checkouts: { [ROOT]: report({ in_progress: [progress()] }) },
      remembered: ROOT,
    });
    const row = await screen.findByTestId("progress-row");
    expect(row).toHaveAttribute("data-storage-name", "openslr__librispeech_asr__rev_main");
    expect(row).toHaveTextContent("openslr/librispeech_asr");
    expect(row).toHaveTextContent("downloading");
    expect(row).toHaveTextContent("1,500 / 281,241 files");
    expect(row).toHaveTextContent("ETA 15h 2m");
    expect(row).toHaveTextContent("train.clean.100/0001.parquet");
    expect(row).toHaveTextContent("updated 6 minutes ago");
    const bar = within(row).getByRole("progressbar");
    expect(bar).toHaveAttribute("aria-valuenow", "42.5");
    expect((bar.firstElementChild as HTMLElement).style.width).toBe("42.5%");
    expect(row).toHaveTextContent("42.5%");
  });

  it("goes back to the picker on Change folder", async () => {
    const user = userEvent.setup();
    const { backend } = renderWith(<LocalDatasetsPage />, {
      checkouts: { [ROOT]: report({ datasets: [VOICE] }) },
      remembered: ROOT,
    });
    await screen.findByTestId("datasets-table");
    await waitFor(() => expect(backend.listenerCount).toBe(1));

    await user.click(screen.getByTestId("checkout-change"));

    expect(await screen.findByTestId("checkout-path")).toHaveValue("");
    expect(screen.queryByTestId("datasets-table")).not.toBeInTheDocument();
    expect(backend.callCount("closeLocalCheckout")).toBe(1);
    expect(backend.remembered).toBeNull();
    expect(backend.listenerCount).toBe(0);
  });

  it("re-reads the status when the checkout changes on disk", async () => {
    const { backend } = renderWith(<LocalDatasetsPage />, {
      checkouts: { [ROOT]: report({ datasets: [VOICE], in_progress: [progress()] }) },
      remembered: ROOT,
    });
    await screen.findByTestId("datasets-table");
    await waitFor(() => expect(backend.listenerCount).toBe(1));
    expect(screen.getAllByTestId("dataset-row")).toHaveLength(1);

    backend.setReport(ROOT, report({ datasets: [VOICE, LIBRI] }));
    act(() => backend.emitLocalStatusChanged());

    await waitFor(() => expect(screen.getAllByTestId("dataset-row")).toHaveLength(2));
    expect(screen.queryByTestId("progress-row")).not.toBeInTheDocument();
    expect(backend.callCount("localStatus")).toBe(2);
  });

  it("refreshes on the Refresh button", async () => {
    const user = userEvent.setup();
    const { backend } = renderWith(<LocalDatasetsPage />, {
      checkouts: { [ROOT]: report() },
      remembered: ROOT,
    });
    await screen.findByTestId("datasets-empty");
    backend.setReport(ROOT, report({ datasets: [VOICE] }));
    await user.click(screen.getByTestId("checkout-refresh"));
    expect(await screen.findByTestId("dataset-row")).toHaveAttribute("data-storage-name", VOICE.storage_name);
  });

  it("unsubscribes from changes when it goes away", async () => {
    const { backend, unmount } = renderWith(<LocalDatasetsPage />, {
      checkouts: { [ROOT]: report() },
      remembered: ROOT,
    });
    await screen.findByTestId("datasets-empty");
    await waitFor(() => expect(backend.listenerCount).toBe(1));
    unmount();
    expect(backend.listenerCount).toBe(0);
  });

  it("shows the error and the picker when the remembered checkout cannot be read", async () => {
    const { backend } = renderWith(<LocalDatasetsPage />, { checkouts: {}, remembered: "/gone" });
    expect(await screen.findByTestId("error-banner")).toHaveTextContent("/gone no longer exists");
    expect(screen.getByTestId("checkout-path")).toBeInTheDocument();
    expect(backend.callCount("localStatus")).toBe(1);
  });

  it("refuses a newer status schema", async () => {
    renderWith(<LocalDatasetsPage />, {
      checkouts: { [ROOT]: report({ schema: 2, datasets: [VOICE] }) },
      remembered: ROOT,
    });
    expect(await screen.findByTestId("error-banner")).toHaveTextContent(
      "This checkout was written by a newer hugflow (schema 2); upgrade Hugflow Desktop.",
    );
    expect(screen.queryByTestId("datasets-table")).not.toBeInTheDocument();
    expect(screen.getByTestId("checkout-change")).toBeInTheDocument();
  });
});
