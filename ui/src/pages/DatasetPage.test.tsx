import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { detailsKey, firstRowsKey, type FakeBackend, type FakeBackendData } from "../backend/fake";
import { AUDIO_SRC, IMAGE_SRC, LIBRI, audioRows, catalogue, details, imageRows } from "../test/catalogue";
import { renderWith } from "../test/fixtures";
import { connected, ready } from "../test/hosts";
import { DatasetPage } from "./DatasetPage";
import { enterText } from "../test/enterText";

function renderDataset(data: FakeBackendData = {}, id = LIBRI.id, prepare?: (backend: FakeBackend) => void) {
  const onBack = vi.fn();
  const onRequest = vi.fn();
  const onOpenHost = vi.fn();
  const result = renderWith(<DatasetPage id={id} onBack={onBack} onRequest={onRequest} onOpenHost={onOpenHost} />, {
    catalogue: catalogue(),
    details: { [LIBRI.id]: details() },
    firstRows: {
      [firstRowsKey(LIBRI.id, "clean", "train.100")]: audioRows(),
      [firstRowsKey(LIBRI.id, "images", "train")]: imageRows(),
    },
    ...data,
  }, prepare);
  return { ...result, onBack, onRequest, onOpenHost, user: userEvent.setup() };
}

describe("DatasetPage", () => {
  it("shows the header: id, title, author, stats, Hub link and grouped tags", async () => {
    renderDataset();
    expect(screen.getByTestId("dataset-id")).toHaveTextContent(LIBRI.id);
    expect(await screen.findByTestId("dataset-title")).toHaveTextContent("LibriSpeech");
    expect(screen.getByTestId("dataset-author")).toHaveTextContent("openslr");
    expect(screen.getByTestId("dataset-downloads")).toHaveTextContent("90,000");
    const link = screen.getByTestId("dataset-hub-link");
    expect(link).toHaveAttribute("href", "https://huggingface.co/datasets/openslr/librispeech_asr");
    expect(link).not.toHaveAttribute("target");
    const tags = screen.getByTestId("dataset-tags");
    expect(within(tags).getByText("Tasks").nextElementSibling).toHaveTextContent("automatic-speech-recognition");
    expect(within(tags).getByText("Languages").nextElementSibling).toHaveTextContent("en");
    expect(screen.queryByTestId("dataset-gated")).not.toBeInTheDocument();
  });

  it("opens the Hub page through the backend, never in the webview", async () => {
    const { backend, user } = renderDataset();
    await user.click(await screen.findByTestId("dataset-hub-link"));
    await waitFor(() => expect(backend.openedUrls).toEqual(["https://huggingface.co/datasets/openslr/librispeech_asr"]));
  });

  it("lists the hosts that hold it", async () => {
    renderDataset();
    const host = await screen.findByTestId("dataset-host");
    expect(host).toHaveTextContent(
      "on local: /data/datasets/openslr__librispeech_asr__rev_main, 57.0 GB, added 3 days ago",
    );
    expect(host).toHaveTextContent("full @ main, 281,241 files");
  });

  it("opens the request form for it, and for its removal when a host holds it", async () => {
    const { user, onRequest } = renderDataset();
    await user.click(await screen.findByTestId("request-dataset"));
    expect(screen.getByTestId("request-dataset")).toHaveTextContent("Request this dataset");
    expect(onRequest).toHaveBeenLastCalledWith({ kind: "add", hfId: LIBRI.id });
    await user.click(screen.getByTestId("request-removal"));
    expect(onRequest).toHaveBeenLastCalledWith({
      kind: "remove",
      hfId: LIBRI.id,
      heldBy: [expect.objectContaining({ host: "local", storage_name: "openslr__librispeech_asr__rev_main" })],
    });
  });

  it("offers no removal when no host holds it", async () => {
    renderDataset({ details: { [LIBRI.id]: details({ held_by: [] }) } });
    expect(await screen.findByTestId("request-dataset")).toBeInTheDocument();
    expect(screen.queryByTestId("request-removal")).not.toBeInTheDocument();
  });

  it("says when no host has it", async () => {
    renderDataset({ details: { [LIBRI.id]: details({ held_by: [] }) } });
    await waitFor(() => expect(screen.getByTestId("dataset-hosts")).toHaveTextContent("Not on any host yet."));
  });

  it("shows the card as plain text and key facts", async () => {
    const html = "<img src=x onerror=alert(1)> **bold**";
    renderDataset({ details: { [LIBRI.id]: details({ info: { ...details().info, description: html } }) } });
    const description = await screen.findByTestId("dataset-description");
    expect(description.textContent).toBe(html);
    expect(description.querySelector("img")).toBeNull();
    expect(screen.getByTestId("card-license")).toHaveTextContent("cc-by-4.0");
    expect(screen.getByTestId("card-configs")).toHaveTextContent("clean, other");
  });

  it("renders the card's Markdown below the card fields, in place of the description", async () => {
    const card = "# LibriSpeech ASR\n\nRead speech.\n\n| Config | Hours |\n| --- | --- |\n| clean | 100 |\n\n<script>alert(1)</script>[x](javascript:alert(1))";
    renderDataset({ details: { [LIBRI.id]: details({ card }) } });
    const markdown = await screen.findByTestId("dataset-card-markdown");
    expect(within(markdown).getByRole("heading", { name: "LibriSpeech ASR" })).toBeInTheDocument();
    expect(within(markdown).getByRole("cell", { name: "clean" })).toBeInTheDocument();
    expect(markdown.querySelector("script")).toBeNull();
    expect(within(markdown).queryByRole("link")).not.toBeInTheDocument();
    expect(screen.getByTestId("card-license")).toHaveTextContent("cc-by-4.0");
    expect(screen.queryByTestId("dataset-description")).not.toBeInTheDocument();
    expect(screen.queryByTestId("dataset-no-card")).not.toBeInTheDocument();
  });

  it("says when the Hub has no card", async () => {
    renderDataset();
    expect(await screen.findByTestId("dataset-no-card")).toHaveTextContent("No card on the Hub");
    expect(screen.queryByTestId("dataset-card-markdown")).not.toBeInTheDocument();
  });

  it("groups files by folder with sizes and the total", async () => {
    const { user } = renderDataset();
    expect(await screen.findByTestId("dataset-total-size")).toHaveTextContent("4 files, 1.5 GB");
    const folders = screen.getAllByTestId("file-folder");
    expect(folders.map((f) => f.getAttribute("data-path"))).toEqual(["clean", "other"]);
    expect(folders[0]).toHaveTextContent("2 files, 1.0 GB");
    expect(screen.getAllByTestId("file-entry").map((f) => f.getAttribute("data-path"))).toEqual(["README.md"]);

    await user.click(within(folders[0]!).getByRole("button"));
    expect(folders[0]).toHaveAttribute("aria-expanded", "true");
    const files = within(folders[0]!).getAllByTestId("file-entry");
    expect(files.map((f) => f.getAttribute("data-path"))).toEqual(["clean/train-00000.parquet", "clean/train-00001.parquet"]);
    expect(files[0]).toHaveTextContent("train-00000.parquet");
    expect(files[0]).toHaveTextContent("LFS");
    expect(files[0]).toHaveTextContent("512.0 MB");
  });

  it("lists branches and tags", async () => {
    renderDataset();
    const refs = await screen.findByTestId("dataset-refs");
    expect(refs).toHaveTextContent("main 0123456");
    expect(refs).toHaveTextContent("v2.0 fedcba9");
  });

  describe("revision", () => {
    const V2_FILE = "v2/train-00000.parquet";
    const withV2 = (): FakeBackendData => {
      const main = details();
      const refs = { ...main.refs!, converts: [{ name: "parquet", ref: "refs/convert/parquet", targetCommit: "abcdef0123456789abcdef0123456789abcdef01" }] };
      const v2 = details({ refs, files: [{ type: "file", oid: "oid-v2", size: 2048, path: V2_FILE, lfs: null }], total_size: 2048, card: "# Version two" });
      return { details: { [LIBRI.id]: { ...main, refs }, [detailsKey(LIBRI.id, "v2.0")]: v2 } };
    };
    const filePaths = (root: HTMLElement) => within(root).getAllByTestId(/^file-(entry|folder)$/).map((f) => f.getAttribute("data-path"));

    it("lists branches, then tags, then conversions, on main by default", async () => {
      const { backend } = renderDataset(withV2());
      const picker = await screen.findByRole("combobox", { name: "Revision" });
      expect(picker).toHaveValue("main");
      expect([...picker.querySelectorAll("optgroup")].map((g) => g.label)).toEqual(["Branches", "Tags", "Conversions"]);
      expect(within(picker).getAllByRole("option").map((o) => [o.textContent, o.getAttribute("value")])).toEqual([
        ["main", "main"],
        ["v2.0", "v2.0"],
        ["parquet", "refs/convert/parquet"],
      ]);
      expect(screen.queryByTestId("dataset-revision")).not.toBeInTheDocument();
      expect(backend.detailsCalls).toEqual([[LIBRI.id, null]]);
    });

    it("loads the chosen revision: its files and card, named in the header, and keeps it", async () => {
      const { user, backend } = renderDataset({ ...withV2(), latencyMs: 30 });
      const picker = await screen.findByRole("combobox", { name: "Revision" });
      await screen.findByTestId("dataset-files");

      await user.selectOptions(picker, "v2.0");
      expect(screen.getByText("Loading…")).toBeInTheDocument();
      expect(screen.queryByTestId("dataset-files")).not.toBeInTheDocument();
      expect(screen.getByRole("combobox", { name: "Revision" })).toHaveValue("v2.0");

      const files = await screen.findByTestId("dataset-files");
      expect(backend.detailsCalls).toEqual([[LIBRI.id, null], [LIBRI.id, "v2.0"]]);
      expect(screen.getByTestId("dataset-total-size")).toHaveTextContent("1 file, 2.0 KB");
      expect(filePaths(files)).toEqual(["v2"]);
      expect(within(screen.getByTestId("dataset-card-markdown")).getByRole("heading", { name: "Version two" })).toBeInTheDocument();
      expect(screen.getByTestId("dataset-revision")).toHaveTextContent("at revision v2.0");
      expect(screen.getByTestId("dataset-hub-link")).toHaveAttribute("href", "https://huggingface.co/datasets/openslr/librispeech_asr/tree/v2.0");

      await user.selectOptions(screen.getByRole("combobox", { name: "Revision" }), "main");
      await waitFor(() => expect(screen.getByTestId("dataset-total-size")).toHaveTextContent("4 files, 1.5 GB"));
      expect(backend.detailsCalls.at(-1)).toEqual([LIBRI.id, "main"]);
      expect(screen.queryByTestId("dataset-revision")).not.toBeInTheDocument();
      expect(screen.queryByTestId("dataset-card-markdown")).not.toBeInTheDocument();
    });

    it("asks for a conversion by its full ref", async () => {
      const { user, backend } = renderDataset(withV2());
      await user.selectOptions(await screen.findByRole("combobox", { name: "Revision" }), "refs/convert/parquet");
      await waitFor(() => expect(backend.detailsCalls.at(-1)).toEqual([LIBRI.id, "refs/convert/parquet"]));
      expect(await screen.findByTestId("dataset-revision")).toHaveTextContent("at revision refs/convert/parquet");
    });

    it("shows a revision's error, not the files of the one before, and retries that revision", async () => {
      const { user, backend } = renderDataset(withV2());
      await screen.findByTestId("dataset-files");
      backend.failNext("datasetDetails", { code: "rate_limited", message: "the Hub is rate limiting requests; retry in 5 s", detail: null });
      await user.selectOptions(screen.getByRole("combobox", { name: "Revision" }), "v2.0");
      expect(await screen.findByTestId("dataset-error")).toHaveTextContent("retry in 5 s");
      expect(screen.queryByTestId("dataset-files")).not.toBeInTheDocument();
      expect(screen.getByRole("combobox", { name: "Revision" })).toHaveValue("v2.0");

      await user.click(screen.getByTestId("dataset-retry"));
      expect(await screen.findByText("Version two")).toBeInTheDocument();
      expect(backend.detailsCalls.slice(1)).toEqual([[LIBRI.id, "v2.0"], [LIBRI.id, "v2.0"]]);
      expect(screen.queryByTestId("dataset-error")).not.toBeInTheDocument();
    });
  });

  it("previews the first split, with playable audio, and another split with images", async () => {
    const { user, backend } = renderDataset();
    const splits = await screen.findByTestId("dataset-splits");
    const options = within(splits).getAllByTestId("split-option");
    expect(options.map((o) => `${o.dataset.config}/${o.dataset.split}`)).toEqual([
      "clean/train.100",
      "clean/validation",
      "images/train",
    ]);
    expect(options[0]).toHaveAttribute("aria-pressed", "true");

    const table = await screen.findByTestId("first-rows");
    const audio = table.querySelector("audio")!;
    expect(audio).toHaveAttribute("src", AUDIO_SRC);
    expect(audio).toHaveAttribute("controls");
    expect(audio).toHaveAttribute("preload", "none");
    const [, , text, speaker, meta] = within(table).getAllByRole("cell");
    expect(text!.textContent!.length).toBeLessThanOrEqual(120);
    expect(text!.firstElementChild).toHaveAttribute("title", audioRows().rows[0]!.row.text as string);
    expect(speaker).toHaveClass("num");
    expect(speaker).toHaveTextContent("1272");
    expect(meta).toHaveTextContent('{"age":31}');

    await user.click(options[2]!);
    await waitFor(() => expect(screen.getByTestId("first-rows").querySelector("img")).not.toBeNull());
    const img = screen.getByTestId("first-rows").querySelector("img")!;
    expect(img).toHaveAttribute("src", IMAGE_SRC);
    expect(img).toHaveAttribute("loading", "lazy");
    expect(screen.getByTestId("first-rows")).toHaveTextContent("two (2)");
    expect(backend.callCount("firstRows")).toBe(2);
  });

  it("says why a split has no preview", async () => {
    const { user } = renderDataset();
    const options = await screen.findAllByTestId("split-option");
    await user.click(options[1]!);
    expect(await screen.findByTestId("first-rows-error")).toHaveTextContent("The dataset viewer has no rows");
  });

  it("toggles the favourite", async () => {
    const { user, backend } = renderDataset();
    const star = await screen.findByTestId("dataset-favourite");
    await user.click(star);
    expect(star).toHaveAttribute("aria-pressed", "true");
    await waitFor(() => expect(backend.favouriteCalls).toEqual([[LIBRI.id, true]]));
  });

  it("goes back", async () => {
    const { user, onBack } = renderDataset();
    await user.click(screen.getByTestId("dataset-back"));
    expect(onBack).toHaveBeenCalledOnce();
  });

  it("shows the gated notice with the Hub link", async () => {
    renderDataset({ details: { [LIBRI.id]: details({ info: { ...details().info, gated: "manual" } }) } });
    const gated = await screen.findByTestId("dataset-gated");
    expect(gated).toHaveTextContent("its authors approve each request");
    expect(within(gated).getByRole("link")).toHaveAttribute("href", "https://huggingface.co/datasets/openslr/librispeech_asr");
  });

  it("shows a disabled dataset as disabled, without its files and without a Request button", async () => {
    renderDataset({ details: { [LIBRI.id]: details({ info: { ...details().info, disabled: true }, files: [], held_by: [] }) } });
    const disabled = await screen.findByTestId("dataset-disabled");
    expect(disabled).toHaveTextContent("disabled");
    expect(disabled).toHaveTextContent("cannot be requested");
    expect(screen.queryByTestId("request-dataset")).not.toBeInTheDocument();
    expect(screen.queryByTestId("dataset-files")).not.toBeInTheDocument();
    expect(screen.queryByTestId("host-sync")).not.toBeInTheDocument();
    expect(screen.getByTestId("dataset-hub-link")).toBeInTheDocument();
  });

  it("says a dataset hidden from an anonymous request may be private, and where to set a token", async () => {
    const message =
      "`acme/secret` on 127.0.0.1: not found, or private/gated (without a token the Hub does not say which). Check the id (as on its Hub page), or set a token that can see it (Settings or HF_TOKEN)";
    renderDataset({}, "acme/secret", (backend) =>
      backend.failNext("datasetDetails", { code: "not_found_or_private", message, detail: null }),
    );
    const error = await screen.findByTestId("dataset-error");
    expect(error).toHaveAttribute("data-code", "not_found_or_private");
    expect(error).toHaveTextContent(message);
    expect(error).toHaveTextContent("set a Hugging Face token that can see it in Settings");
  });

  it("says when the dataset is not on the Hub", async () => {
    renderDataset({}, "nobody/nothing");
    const error = await screen.findByTestId("dataset-error");
    expect(error).toHaveTextContent("Dataset not found on the Hub");
    expect(screen.getByTestId("dataset-id")).toHaveTextContent("nobody/nothing");
    expect(screen.queryByTestId("dataset-files")).not.toBeInTheDocument();
  });

  it("shows a gated refusal with a link to request access", async () => {
    const message =
      "Access to dataset acme/secret is restricted. Request access at https://huggingface.co/datasets/acme/secret, then make sure your Hugging Face token (Settings, or HF_TOKEN) belongs to the account that has it.";
    renderDataset({}, "acme/secret", (backend) => backend.failNext("datasetDetails", { code: "gated", message, detail: null }));
    const error = await screen.findByTestId("dataset-error");
    expect(error).toHaveTextContent(message);
    await waitFor(() =>
      expect(within(error).getByTestId("dataset-error-hub-link")).toHaveAttribute("href", "https://huggingface.co/datasets/acme/secret"),
    );
  });

  it("retries a rate-limited request", async () => {
    const { user } = renderDataset({}, LIBRI.id, (backend) =>
      backend.failNext("datasetDetails", { code: "rate_limited", message: "the Hub is rate limiting requests; retry in 5 s", detail: null }),
    );
    expect(await screen.findByTestId("dataset-error")).toHaveTextContent("retry in 5 s");
    await user.click(screen.getByTestId("dataset-retry"));
    expect(await screen.findByTestId("dataset-title")).toHaveTextContent("LibriSpeech");
    expect(screen.queryByTestId("dataset-error")).not.toBeInTheDocument();
  });

  it("offline, shows what the catalogue knows and the banner, and retries", async () => {
    const { user, backend } = renderDataset({ offline: true });
    const banner = await screen.findByTestId("offline-banner");
    expect(banner).toHaveTextContent("The Hub cannot be reached (cannot reach https://huggingface.co/ (connection refused)");
    expect(screen.getByTestId("dataset-description")).toHaveTextContent(LIBRI.description);
    expect(screen.getByTestId("dataset-host")).toHaveTextContent("on local");
    expect(screen.getByTestId("dataset-offline-note")).toBeInTheDocument();
    expect(screen.queryByTestId("dataset-no-card")).not.toBeInTheDocument();
    expect(screen.queryByTestId("dataset-revision-picker")).not.toBeInTheDocument();
    expect(screen.queryByTestId("dataset-files")).not.toBeInTheDocument();
    expect(screen.queryByTestId("dataset-splits")).not.toBeInTheDocument();

    backend.offline = false;
    await user.click(screen.getByTestId("offline-retry"));
    expect(await screen.findByTestId("dataset-files")).toBeInTheDocument();
    expect(screen.queryByTestId("offline-banner")).not.toBeInTheDocument();
  });

  it("offline and unknown to the catalogue: the banner only", async () => {
    renderDataset({ offline: true }, "acme/unknown");
    expect(await screen.findByTestId("offline-banner")).toBeInTheDocument();
    expect(screen.queryByTestId("dataset-error")).not.toBeInTheDocument();
    expect(screen.getByTestId("dataset-id")).toHaveTextContent("acme/unknown");
  });

  describe("sync on a host now", () => {
    it("starts the request form's add draft on a ready host and points to the host's page", async () => {
      const { user, backend, onOpenHost } = renderDataset({ hosts: [connected("hgx-b", undefined, { checkout: "~/gitops" }), ready("hgx-a")] });
      const section = await screen.findByTestId("host-sync");
      await waitFor(() => expect(within(section).getByTestId("host-sync-open")).toBeEnabled());
      await user.click(within(section).getByTestId("host-sync-open"));
      // hgx-b has no hugflow yet: only hgx-a is offered.
      const picker = within(section).getByTestId("host-sync-host");
      expect([...picker.querySelectorAll("option")].map((o) => o.value)).toEqual(["hgx-a"]);
      expect(within(section).getByTestId("host-sync-start")).toBeDisabled();

      await enterText(user, within(section).getByTestId("request-description"), "English ASR baseline");
      await waitFor(() => expect(within(section).getByTestId("host-sync-start")).toBeEnabled());
      await user.click(within(section).getByTestId("host-sync-start"));

      const started = await within(section).findByTestId("host-sync-started");
      expect(backend.fakeHosts.syncs).toEqual([
        {
          host: "hgx-a",
          draft: { kind: "add", hf_id: LIBRI.id, description: "English ASR baseline", revision: "main", subset: null, split: null, audio_column: "audio", text_column: "text" },
        },
      ]);
      const id = backend.fakeHosts.hosts.find((h) => h.name === "hgx-a")!.jobs[0]!.id;
      expect(within(started).getByTestId("host-sync-job")).toHaveTextContent(id);
      await user.click(within(started).getByTestId("host-sync-open-host"));
      expect(onOpenHost).toHaveBeenCalledWith("hgx-a");
    });

    it("shows the backend's refusal", async () => {
      const { user, backend } = renderDataset({ hosts: [ready("hgx-a")] }, LIBRI.id, (b) =>
        b.failNext("startHostSync", { code: "ssh", message: "hgx-a: the connection was lost while starting the sync", detail: null }),
      );
      await user.click(await screen.findByTestId("host-sync-open"));
      await enterText(user, screen.getByTestId("request-description"), "x");
      await waitFor(() => expect(screen.getByTestId("host-sync-start")).toBeEnabled());
      await user.click(screen.getByTestId("host-sync-start"));
      expect(await screen.findByTestId("host-sync-error")).toHaveTextContent("hgx-a: the connection was lost while starting the sync");
      expect(backend.callCount("startHostSync")).toBe(1);
    });

    it("is disabled, saying why, when no host is ready", async () => {
      renderDataset({ hosts: [connected("hgx-a", undefined, { agent: { state: "missing" }, checkout: "~/gitops" })] });
      expect(await screen.findByTestId("host-sync-unavailable")).toHaveTextContent("No host is ready: a host needs hugflow installed and a GitOps checkout path");
      expect(screen.getByTestId("host-sync-open")).toBeDisabled();
    });

    it("says to add a host when there is none", async () => {
      renderDataset();
      expect(await screen.findByTestId("host-sync-unavailable")).toHaveTextContent("No host is added yet");
      expect(screen.getByTestId("host-sync-open")).toBeDisabled();
    });
  });
});
