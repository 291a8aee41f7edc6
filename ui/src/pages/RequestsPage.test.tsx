import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { FakeBackendData } from "../backend/fake";
import { hoursAgo, renderWith } from "../test/fixtures";
import { REPO, configured, requestItem } from "../test/requests";
import { RequestsPage } from "./RequestsPage";

function renderRequests(data: FakeBackendData = {}) {
  const props = { onNewRequest: vi.fn(), onOpenSettings: vi.fn() };
  const result = renderWith(<RequestsPage {...props} />, { requestSettings: configured(), polledAt: hoursAgo(0.1), ...data });
  return { ...result, ...props, user: userEvent.setup() };
}

const row = (n: number) => screen.getByTestId(`request-row-${n}`);
const stateOf = (n: number) => within(row(n)).getByTestId("request-state");

describe("RequestsPage", () => {
  it("shows every state in words, with progress and what to do on failure", async () => {
    renderRequests({
      requests: [
        requestItem(1),
        requestItem(2, { state: { state: "sync_started" } }),
        requestItem(3, { pull: "merged", state: { state: "downloading", percent: 40, eta_seconds: 3 * 3600 + 20 * 60 } }),
        requestItem(4, { pull: "merged", state: { state: "complete", path: "/data/datasets/x", size_bytes: 3221225472 } }),
        requestItem(5, { pull: "merged", state: { state: "merged", path: "/data/datasets/y", size_bytes: 1024 } }),
        requestItem(6, {
          pull: "merged",
          state: { state: "failed", error: { kind: "gated", message: "The dataset is gated.", suggestion: "Accept its terms on the Hub, then comment /retry." } },
        }),
        requestItem(7, { pull: "closed", state: { state: "closed" } }),
      ],
    });
    await screen.findByTestId("request-row-1");
    expect(row(1)).toHaveAttribute("data-state", "pr_open");
    expect(stateOf(1)).toHaveTextContent(/^Waiting for the runner$/);
    expect(stateOf(2)).toHaveTextContent(/^Sync started$/);
    expect(stateOf(3)).toHaveTextContent(/^Downloading 40 %$/);
    expect(within(row(3)).getByRole("progressbar")).toHaveAttribute("aria-valuenow", "40");
    expect(within(row(3)).getByTestId("request-eta")).toHaveTextContent("about 3 h 20 min left");
    expect(stateOf(4)).toHaveTextContent(/^On the server: \/data\/datasets\/x \(3\.0 GB\)$/);
    expect(stateOf(5)).toHaveTextContent(/^Merged$/);
    expect(within(row(5)).getByTestId("request-state-detail")).toHaveTextContent("/data/datasets/y (1.0 KB)");
    expect(row(6)).toHaveAttribute("data-state", "failed");
    expect(stateOf(6)).toHaveTextContent(/^Failed: gated$/);
    expect(within(row(6)).getByTestId("request-failure-message")).toHaveTextContent("The dataset is gated.");
    expect(within(row(6)).getByTestId("request-failure-suggestion")).toHaveTextContent("What to do: Accept its terms on the Hub, then comment /retry.");
    expect(stateOf(7)).toHaveTextContent(/^Closed without merging$/);
    expect(within(row(1)).queryByRole("progressbar")).not.toBeInTheDocument();
  });

  it("lists the user's own first with a You badge, author, checks and a PR link", async () => {
    const { user, backend } = renderRequests({
      requests: [
        requestItem(8, { updated_at: "2030-01-01T00:00:00Z", checks: { state: "failure", failing: ["validate", "lint"] } }),
        requestItem(9, { mine: true, author: "you", checks: { state: "success", failing: [] } }),
      ],
    });
    await screen.findByTestId("request-row-9");
    expect(screen.getAllByTestId(/^request-row-/).map((r) => r.dataset.testid)).toEqual(["request-row-9", "request-row-8"]);
    expect(within(row(9)).getByTestId("request-mine")).toHaveTextContent("You");
    expect(within(row(8)).queryByTestId("request-mine")).not.toBeInTheDocument();
    expect(within(row(8)).getByTestId("request-author")).toHaveTextContent("by aisha");
    expect(within(row(8)).getByTestId("request-checks")).toHaveTextContent("Checks failed: validate, lint");
    expect(within(row(9)).getByTestId("request-checks")).toHaveTextContent("Checks passed");

    await user.click(within(row(8)).getByTestId("request-link"));
    await waitFor(() => expect(backend.openedUrls).toEqual([`https://github.com/${REPO}/pull/8`]));
  });

  it("says when it was updated and refreshes on demand", async () => {
    const { user, backend } = renderRequests({ latencyMs: 30, polledAt: hoursAgo(3).replace(/\.\d+$/, "Z") });
    expect(await screen.findByTestId("requests-updated")).toHaveTextContent("Updated 3 hours ago");
    expect(screen.getByTestId("requests-repo")).toHaveTextContent(REPO);
    backend.requestItems.push(requestItem(12));
    await user.click(screen.getByTestId("requests-refresh"));
    expect(screen.getByTestId("requests-refresh")).toHaveTextContent("Refreshing…");
    expect(screen.getByTestId("requests-refresh")).toBeDisabled();
    expect(await screen.findByTestId("request-row-12")).toBeInTheDocument();
    expect(screen.getByTestId("requests-updated")).toHaveTextContent("Updated just now");
    expect(screen.getByTestId("requests-refresh")).toHaveTextContent(/^Refresh$/);
  });

  it("re-reads the list when the poller says it changed", async () => {
    const { backend } = renderRequests();
    expect(await screen.findByTestId("requests-empty")).toBeInTheDocument();
    await waitFor(() => expect(backend.callCount("onRequestsChanged")).toBe(1));
    backend.requestItems.push(requestItem(4, { state: { state: "sync_started" } }));
    backend.emitRequestsChanged();
    expect(await screen.findByTestId("request-row-4")).toHaveAttribute("data-state", "sync_started");
  });

  it("keeps the last known states when a poll fails", async () => {
    const { user, backend } = renderRequests({ requests: [requestItem(5)] });
    await screen.findByTestId("request-row-5");
    backend.failNext("refreshRequests", { code: "offline", message: "cannot reach api.github.com", detail: null });
    await user.click(screen.getByTestId("requests-refresh"));
    const banner = await screen.findByTestId("error-banner");
    expect(banner).toHaveTextContent("Could not refresh from GitHub: cannot reach api.github.com");
    expect(banner).toHaveTextContent("The list shows the last known states.");
    expect(row(5)).toBeInTheDocument();
  });

  it("says how to start when there are no request PRs", async () => {
    const { user, onNewRequest } = renderRequests();
    expect(await screen.findByTestId("requests-empty")).toHaveTextContent(
      "No request PRs yet — find a dataset in the Catalogue and press Request this dataset",
    );
    await user.click(screen.getByTestId("requests-new"));
    expect(onNewRequest).toHaveBeenCalledTimes(1);
  });

  it("sends to Settings when no GitOps repository is set", async () => {
    const { user, onOpenSettings } = renderRequests({ requestSettings: configured({ repo: "" }), requests: [requestItem(1)] });
    expect(await screen.findByTestId("requests-not-configured")).toHaveTextContent("Set the GitOps repository (owner/name) in Settings");
    expect(screen.queryByTestId("request-row-1")).not.toBeInTheDocument();
    expect(screen.queryByTestId("requests-refresh")).not.toBeInTheDocument();
    await user.click(screen.getByTestId("requests-open-settings"));
    expect(onOpenSettings).toHaveBeenCalledTimes(1);
  });
});
