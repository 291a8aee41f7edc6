import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { AddDraft } from "../bindings/AddDraft";
import { firstRowsKey, type FakeBackendData } from "../backend/fake";
import { plannedDraft, storageName } from "../backend/fakeRules";
import type { RequestTarget } from "../requests";
import { LIBRI, audioRows, catalogue, details } from "../test/catalogue";
import { renderWith } from "../test/fixtures";
import { REPO, configured, requestItem } from "../test/requests";
import { enterText } from "../test/enterText";
import { RequestPage } from "./RequestPage";

// Expected plans come from the Rust-written fixtures (rules.json), not from copies of Rust's
// answers: these tests check that the page shows what the desktop plans.
const FULL = storageName(LIBRI.id, null, "train", "main");

/** The add form's draft of `hfId` as it opens (the form fills in the default options), with `changes`. */
const formDraft = (hfId: string, changes: Partial<AddDraft> = {}) =>
  plannedDraft({ kind: "add", hf_id: hfId, description: "", revision: "main", subset: null, split: null, audio_column: "audio", text_column: "text", ...changes });

/** The error the plan has on `field`. */
function errorOn(plan: ReturnType<typeof plannedDraft>, field: string) {
  const error = plan.errors.find((e) => e.field === field);
  if (error === undefined) throw new Error(`rules.json plans no error on ${field} for ${plan.hf_id}: the test's premise changed`);
  return error;
}

function renderForm(target: RequestTarget = { kind: "add", hfId: LIBRI.id }, data: FakeBackendData = {}) {
  const props = { onBack: vi.fn(), onOpenSettings: vi.fn(), onOpenRequests: vi.fn() };
  const result = renderWith(<RequestPage target={target} backLabel="Dataset" {...props} />, {
    catalogue: catalogue(),
    details: { [LIBRI.id]: details({ held_by: [] }) },
    firstRows: { [firstRowsKey(LIBRI.id, "clean", "train.100")]: audioRows() },
    requestSettings: configured(),
    ...data,
  });
  return { ...result, ...props, user: userEvent.setup() };
}

const yaml = () => screen.getByTestId("request-yaml");
const create = () => screen.getByTestId("request-create");

describe("RequestPage", () => {
  it("validates as the user types and previews the exact YAML with its path and branch", async () => {
    const { user } = renderForm();
    expect(await screen.findByTestId("request-hf-id")).toHaveValue(LIBRI.id);
    const start = formDraft(LIBRI.id);
    await waitFor(() => expect(yaml().textContent).toBe(start.yaml));
    expect(screen.getByTestId("request-path")).toHaveTextContent(start.path);
    expect(screen.getByTestId("request-branch")).toHaveTextContent(start.branch);
    expect(screen.getByTestId("request-title")).toHaveTextContent(start.title);
    const error = screen.getByTestId("request-error-description");
    expect(error).toHaveTextContent(errorOn(start, "description").message);
    expect(error).toHaveTextContent(errorOn(start, "description").hint!);
    expect(screen.getByTestId("request-description")).toHaveAttribute("aria-invalid", "true");
    expect(create()).toBeDisabled();

    await enterText(user, screen.getByTestId("request-description"), "English ASR baseline");
    await waitFor(() => expect(yaml().textContent).toBe(formDraft(LIBRI.id, { description: "English ASR baseline" }).yaml));
    expect(screen.queryByTestId("request-error-description")).not.toBeInTheDocument();
    await waitFor(() => expect(create()).toBeEnabled());

    await user.clear(screen.getByTestId("request-hf-id"));
    await enterText(user, screen.getByTestId("request-hf-id"), "bad--id");
    const bad = errorOn(formDraft("bad--id", { description: "English ASR baseline" }), "hf_id");
    expect(await screen.findByTestId("request-error-hf_id")).toHaveTextContent(bad.message);
    expect(screen.getByTestId("request-error-hf_id")).toHaveTextContent(bad.hint!);
    expect(create()).toBeDisabled();
  });

  it("offers the dataset's branches, tags, configs, splits and columns", async () => {
    const { user } = renderForm();
    const revision = await screen.findByRole("combobox", { name: "Revision" });
    expect(revision).toHaveValue("main");
    expect([...revision.querySelectorAll("optgroup")].map((g) => g.label)).toEqual(["Branches", "Tags"]);
    expect(within(revision).getAllByRole("option").map((o) => o.textContent)).toEqual(["main", "v2.0"]);

    const subset = screen.getByRole("combobox", { name: "Subset" });
    expect(within(subset).getAllByRole("option").map((o) => o.textContent)).toEqual(["Whole dataset", "clean", "images"]);
    expect(screen.queryByTestId("request-split")).not.toBeInTheDocument();

    await user.selectOptions(subset, "clean");
    const split = screen.getByRole("combobox", { name: "Split" });
    expect(within(split).getAllByRole("option").map((o) => o.textContent)).toEqual(["train.100", "validation"]);
    expect(split).toHaveValue("train.100");
    await user.selectOptions(revision, "v2.0");
    await enterText(user, screen.getByTestId("request-description"), "d");
    const chosen = formDraft(LIBRI.id, { description: "d", revision: "v2.0", subset: "clean", split: "train.100" });
    await waitFor(() => expect(yaml().textContent).toBe(chosen.yaml));
    expect(screen.getByTestId("request-path")).toHaveTextContent(chosen.path);

    const text = await screen.findByRole("combobox", { name: "Text column" });
    expect(within(text).getAllByRole("option").map((o) => o.textContent)).toEqual(["audio", "text", "speaker_id", "meta"]);
    await user.selectOptions(text, "speaker_id");
    const column = formDraft(LIBRI.id, { description: "d", revision: "v2.0", subset: "clean", split: "train.100", text_column: "speaker_id" });
    await waitFor(() => expect(yaml().textContent).toBe(column.yaml));
  });

  it("takes typed options when the Hub does not know the dataset", async () => {
    const { user } = renderForm({ kind: "add", hfId: "" });
    await enterText(user, screen.getByTestId("request-hf-id"), "acme/private-set");
    await enterText(user, screen.getByTestId("request-description"), "Internal");
    await enterText(user, screen.getByTestId("request-subset"), "ms");
    expect(screen.getByTestId("request-split").tagName).toBe("INPUT");
    expect(screen.getByTestId("request-audio-column")).toHaveValue("audio");
    const typed = formDraft("acme/private-set", { description: "Internal", subset: "ms", split: "train" });
    await waitFor(() => expect(yaml().textContent).toBe(typed.yaml));
    expect(screen.getByTestId("request-path")).toHaveTextContent(typed.path);
  });

  it("creates the PR, says so and opens it in the browser", async () => {
    const { user, backend, onOpenRequests } = renderForm(undefined, { latencyMs: 30 });
    await enterText(user, await screen.findByTestId("request-description"), "English ASR baseline");
    await waitFor(() => expect(create()).toBeEnabled());
    await user.click(create());
    expect(create()).toHaveTextContent("Creating PR…");
    expect(screen.getByRole("progressbar", { name: "Creating PR…" })).toBeInTheDocument();

    const created = await screen.findByTestId("request-created");
    expect(created).toHaveTextContent("PR #1 opened");
    expect(screen.queryByTestId("request-forked")).not.toBeInTheDocument();
    const link = screen.getByTestId("request-pr-link");
    expect(link).toHaveTextContent(`https://github.com/${REPO}/pull/1`);
    await user.click(link);
    await waitFor(() => expect(backend.openedUrls).toEqual([`https://github.com/${REPO}/pull/1`]));
    expect(backend.requestItems.map((i) => [i.number, i.title, i.storage_name, i.mine])).toEqual([[1, formDraft(LIBRI.id).title, FULL, true]]);

    await user.click(screen.getByTestId("request-go-requests"));
    expect(onOpenRequests).toHaveBeenCalledTimes(1);
  });

  it("names the fork a PR was opened from", async () => {
    const { user } = renderForm(undefined, { forkRequests: true, login: "aisha" });
    await enterText(user, await screen.findByTestId("request-description"), "x");
    await waitFor(() => expect(create()).toBeEnabled());
    await user.click(create());
    expect(await screen.findByTestId("request-forked")).toHaveTextContent("Opened from your fork aisha/gitops");
  });

  it("shows a rejection with what to do, and links not_configured to Settings", async () => {
    const { user, backend, onOpenSettings } = renderForm();
    backend.failNext("createRequest", { code: "not_configured", message: "no GitOps repository is set", detail: null });
    await enterText(user, await screen.findByTestId("request-description"), "x");
    await waitFor(() => expect(create()).toBeEnabled());
    await user.click(create());
    const banner = await screen.findByTestId("error-banner");
    expect(banner).toHaveTextContent("no GitOps repository is set");
    expect(banner).toHaveTextContent("Set the GitOps repository (owner/name) and a GitHub token in Settings.");
    await user.click(within(banner).getByTestId("request-error-settings"));
    expect(onOpenSettings).toHaveBeenCalledTimes(1);
    expect(screen.queryByTestId("request-created")).not.toBeInTheDocument();
  });

  it("says up front when no GitOps repository is set", async () => {
    const { user } = renderForm(undefined, { requestSettings: configured({ repo: "" }) });
    expect(await screen.findByTestId("request-not-configured")).toHaveTextContent("No GitOps repository is set");
    await enterText(user, screen.getByTestId("request-description"), "x");
    await waitFor(() => expect(yaml().textContent).toContain('description: "x"'));
    expect(create()).toBeDisabled();
  });

  describe("duplicates", () => {
    it("points to the open PR and disables Create PR", async () => {
      const { user, backend } = renderForm(undefined, { requests: [requestItem(7, { storage_name: FULL })] });
      await enterText(user, await screen.findByTestId("request-description"), "again");
      const banner = await screen.findByTestId("request-duplicate");
      expect(banner).toHaveAttribute("data-kind", "open_pull");
      expect(banner).toHaveTextContent("A PR for this dataset is already open (#7)");
      expect(create()).toBeDisabled();
      await user.click(within(banner).getByTestId("request-duplicate-link"));
      await waitFor(() => expect(backend.openedUrls).toEqual([`https://github.com/${REPO}/pull/7`]));
    });

    it("says when it was requested and merged before", async () => {
      const { user } = renderForm(undefined, { requests: [requestItem(3, { storage_name: FULL, pull: "merged" })] });
      await enterText(user, await screen.findByTestId("request-description"), "again");
      const banner = await screen.findByTestId("request-duplicate");
      expect(banner).toHaveTextContent("This dataset was already requested and merged.");
      expect(banner).toHaveTextContent(`${formDraft(LIBRI.id).path} is on the base branch`);
    });

    it("says which host already holds it", async () => {
      const { user } = renderForm(undefined, { details: { [LIBRI.id]: details() } });
      await enterText(user, await screen.findByTestId("request-description"), "again");
      expect(await screen.findByTestId("request-duplicate")).toHaveTextContent(`local already holds it at /data/datasets/${FULL}.`);
      expect(create()).toBeDisabled();
    });

    it("goes away for another download of the same dataset", async () => {
      const { user } = renderForm(undefined, { requests: [requestItem(7, { storage_name: FULL })] });
      await enterText(user, await screen.findByTestId("request-description"), "again");
      await screen.findByTestId("request-duplicate");
      await user.selectOptions(screen.getByRole("combobox", { name: "Subset" }), "clean");
      await waitFor(() => expect(screen.queryByTestId("request-duplicate")).not.toBeInTheDocument());
      await waitFor(() => expect(create()).toBeEnabled());
    });
  });

  it("asks for a removal of a download a host holds", async () => {
    const held = details().held_by;
    const { user, backend } = renderForm({ kind: "remove", hfId: LIBRI.id, heldBy: held }, { details: { [LIBRI.id]: details() } });
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Request removal");
    const storage = await screen.findByRole("combobox", { name: "Download to remove" });
    expect(storage).toHaveValue(FULL);
    expect(within(storage).getAllByRole("option").map((o) => o.textContent)).toEqual([`${FULL} (on local)`]);
    const removal = (reason: string) => plannedDraft({ kind: "remove", hf_id: LIBRI.id, reason, storage_name: FULL });
    expect(await screen.findByTestId("request-error-reason")).toHaveTextContent(errorOn(removal(""), "reason").message);
    expect(screen.queryByTestId("request-description")).not.toBeInTheDocument();

    await enterText(user, screen.getByTestId("request-reason"), "Superseded by v2");
    const planned = removal("Superseded by v2");
    await waitFor(() => expect(yaml().textContent).toBe(planned.yaml));
    expect(screen.getByTestId("request-branch")).toHaveTextContent(planned.branch);
    await waitFor(() => expect(create()).toBeEnabled());
    await user.click(create());
    expect(await screen.findByTestId("request-created")).toHaveTextContent("PR #1 opened");
    expect(backend.requestItems[0]).toMatchObject({ kind: "remove", title: planned.title, storage_name: planned.storage_name });
  });
});
