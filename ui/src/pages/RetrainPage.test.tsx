import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { DEPARTMENT_REPO, demoRetrain } from "../backend/demoRetrain";
import { apiError } from "../backend/errors";
import type { FakeBackendData } from "../backend/fake";
import { hostView } from "../backend/hostBuilders";
import { renderWith } from "../test/fixtures";
import { ready } from "../test/hosts";
import { RetrainPage } from "./RetrainPage";

function renderRetrain(data: FakeBackendData = { hosts: [ready("hgx-a")], ...demoRetrain(new Date()) }) {
  const result = renderWith(<RetrainPage />, data);
  return { ...result, user: userEvent.setup() };
}

const runIds = () => screen.getAllByTestId("retrain-run").map((r) => r.dataset.id);
const run = (id: number) => screen.getAllByTestId("retrain-run").find((r) => r.dataset.id === String(id))!;
const label = (name: string) => screen.getAllByTestId("label-timeline").find((l) => l.dataset.label === name)!;
const steps = (name: string) => within(label(name)).queryAllByTestId("timeline-step").map((s) => [s.dataset.step, s.dataset.outcome]);
const barWidth = (step: HTMLElement) => Number.parseFloat((step.querySelector(".step-bar") as HTMLElement).style.width);

describe("RetrainPage", () => {
  it("lists the orchestrator's runs with outcome, dry run, decisions, duration and the Actions run", async () => {
    const { user, backend } = renderRetrain();
    await waitFor(() => expect(runIds()).toEqual(["4", "3", "2", "1"]));
    expect(screen.getAllByTestId("retrain-run").map((r) => r.dataset.outcome)).toEqual(["completed", "failed", "completed", "completed"]);
    expect(within(run(4)).getByTestId("retrain-dry-run")).toHaveTextContent("dry run");
    expect(within(run(3)).queryByTestId("retrain-dry-run")).not.toBeInTheDocument();
    expect(within(run(3)).getByTestId("retrain-outcome")).toHaveTextContent("Failed");
    expect(within(run(3)).getByTestId("retrain-duration")).toHaveTextContent(/^20 min 15 s$/);
    expect(within(run(2)).getByTestId("retrain-decisions")).toHaveTextContent("department: retrain · intent: below threshold");
    expect(within(run(1)).getByTestId("retrain-decisions")).toHaveTextContent("department: below threshold · intent: below threshold");
    expect(within(run(4)).queryByTestId("retrain-actions-link")).not.toBeInTheDocument();

    await user.click(within(run(2)).getByTestId("retrain-actions-link"));
    expect(backend.openedUrls).toEqual(["https://github.com/acme-ml/retrain-orchestrator/actions/runs/12000000002"]);
    // Opening the link does not open the run.
    expect(screen.getByTestId("retrain-detail")).toHaveAttribute("data-id", "4");
  });

  it("shows a retrain per label: counts against the threshold, each step in order, versions v1 → v2", async () => {
    const { user } = renderRetrain();
    await user.click(await screen.findByText("Run #2"));
    const detail = screen.getByTestId("retrain-detail");
    expect(detail).toHaveAttribute("data-id", "2");
    expect(within(detail).getAllByTestId("label-timeline").map((l) => l.dataset.label)).toEqual(["department", "intent"]);

    expect(steps("department")).toEqual([
      ["count", "ok"],
      ["read_version", "ok"],
      ["restart_prepare", "ok"],
      ["poll_metadata", "ok"],
      ["restart_retrain", "ok"],
    ]);
    const department = label("department");
    expect(within(department).getByTestId("label-decision")).toHaveTextContent("retrain");
    expect(within(department).getByTestId("label-versions")).toHaveTextContent("v1 → v2 (1,600 samples)");
    expect(within(department).getByTestId("label-counts")).toHaveTextContent("400 misclassified + 1,200 sampled = 1,600 rows · threshold 1,000 · reached");
    const [count, , , poll] = within(department).getAllByTestId("timeline-step");
    expect(poll).toHaveTextContent("Poll metadataok · 8 min 2 s3 polls, version v2 with 1600 samples");
    expect(count).toHaveTextContent("Countok · 950 ms");
    // The 8-minute poll takes most of the track; the count is a sliver.
    expect(barWidth(poll!)).toBeGreaterThan(90);
    expect(barWidth(count!)).toBeLessThan(1);

    expect(steps("intent")).toEqual([["count", "ok"]]);
    expect(within(label("intent")).getByTestId("label-decision")).toHaveTextContent("below threshold");
    expect(within(label("intent")).getByTestId("label-counts")).toHaveTextContent("80 misclassified + 240 sampled = 320 rows · threshold 1,000 · not reached");
  });

  it("charts the samples of each dataset version of the label's metadata repo", async () => {
    const { user, backend } = renderRetrain();
    await user.click(await screen.findByText("Run #2"));
    const versions = await within(label("department")).findByTestId("dataset-versions");
    expect(versions).toHaveAttribute("data-repo", DEPARTMENT_REPO);
    expect(within(versions).getAllByTestId("chart-mark").map((m) => m.textContent)).toEqual(["v0", "v1", "v2"]);
    expect(within(versions).getAllByTestId("chart-line")).toHaveLength(1);
    expect(within(versions).getAllByTestId("dataset-version").map((v) => v.textContent)).toEqual([
      expect.stringMatching(/^v0 \d{4}-\d\d-\d\d · 800 samples · 1f0c9e2$/),
      expect.stringMatching(/^v1 .* · 1,200 samples · 5b7d1c3$/),
      expect.stringMatching(/^v2 .* · 1,600 samples · 9a8b7c6$/),
    ]);
    // One version: no line to draw, the list says it.
    const intent = await within(label("intent")).findByTestId("dataset-versions");
    expect(within(intent).queryByTestId("chart-line")).not.toBeInTheDocument();
    expect(intent).toHaveTextContent("acme-ml/intent-dataset: one version so far");
    expect(backend.callCount("datasetVersions")).toBe(2);
  });

  it("shows a poll that timed out and a dry run's steps", async () => {
    const { user } = renderRetrain();
    await user.click(await screen.findByText("Run #3"));
    expect(steps("department")).toEqual([
      ["count", "ok"],
      ["read_version", "ok"],
      ["restart_prepare", "ok"],
      ["poll_metadata", "timed_out"],
    ]);
    expect(within(label("department")).getByTestId("label-error")).toHaveTextContent("dataset_metadata.json still says v2 after 20 min");
    expect(within(label("department")).getByTestId("label-versions")).toHaveTextContent("v2 → no new version");
    expect(within(label("department")).getAllByTestId("timeline-step")[3]).toHaveTextContent("timed out · 20 min");

    await user.click(screen.getByText("Run #4"));
    expect(steps("department")).toEqual([
      ["count", "ok"],
      ["read_version", "ok"],
      ["restart_prepare", "dry_run"],
      ["restart_retrain", "dry_run"],
    ]);
    expect(screen.getByTestId("retrain-detail")).toHaveTextContent("dry run: no Space was restarted");
  });

  it("filters by outcome, dry run and label", async () => {
    const { user } = renderRetrain();
    await waitFor(() => expect(runIds()).toHaveLength(4));
    expect(screen.getAllByRole("option", { name: /department|intent/ }).map((o) => o.textContent)).toEqual(["department", "intent"]);
    await user.selectOptions(screen.getByTestId("retrain-filter-outcome"), "failed");
    expect(runIds()).toEqual(["3"]);
    expect(screen.getByTestId("retrain-detail")).toHaveAttribute("data-id", "3");
    await user.selectOptions(screen.getByTestId("retrain-filter-outcome"), "all");
    await user.selectOptions(screen.getByTestId("retrain-filter-dry-run"), "only");
    expect(runIds()).toEqual(["4"]);
    await user.selectOptions(screen.getByTestId("retrain-filter-dry-run"), "hide");
    expect(runIds()).toEqual(["3", "2", "1"]);
    await user.selectOptions(screen.getByTestId("retrain-filter-outcome"), "skipped");
    expect(await screen.findByTestId("retrain-no-match")).toBeInTheDocument();
    await user.click(within(screen.getByTestId("retrain-no-match")).getByRole("button", { name: "Clear filters" }));
    expect(runIds()).toHaveLength(4);
  });

  it("says how to get records when this computer has no checkout, and reads a host's instead", async () => {
    const { user, backend } = renderRetrain({ hosts: [ready("hgx-a"), hostView("hgx-b")], retrainHistories: demoRetrain(new Date()).retrainHistories!.slice(1) });
    expect(await screen.findByTestId("retrain-no-checkout")).toHaveTextContent("Open your GitOps checkout on the Local datasets page");
    await waitFor(() => expect(screen.getByRole("option", { name: "hgx-b (no checkout path set)" })).toBeDisabled());
    await user.selectOptions(screen.getByTestId("retrain-source"), "hgx-a");
    await waitFor(() => expect(runIds()).toEqual(["3", "2", "1"]));
    expect(backend.calls.filter((c) => c === "retrainHistory")).toHaveLength(2);
    expect(window.localStorage.getItem("hugflow.retrain.host")).toBe("hgx-a");
  });

  it("says when nothing is recorded yet, shows errors, and reads again on Refresh", async () => {
    const { user, backend } = renderRetrain({ remembered: "/srv/gitops" });
    expect(await screen.findByTestId("retrain-empty")).toHaveTextContent("has not recorded a run here yet");
    backend.fakeRuns.histories = demoRetrain(new Date()).retrainHistories!;
    backend.failNext("retrainHistory", apiError("io", "cannot read .hugflow-state/retrain.sqlite: permission denied"));
    await user.click(screen.getByTestId("retrain-refresh"));
    expect(await screen.findByTestId("error-banner")).toHaveTextContent("cannot read .hugflow-state/retrain.sqlite: permission denied");
    await user.click(screen.getByTestId("retrain-refresh"));
    await waitFor(() => expect(runIds()).toHaveLength(4));
    expect(screen.queryByTestId("error-banner")).not.toBeInTheDocument();
  });

  it("says when a metadata repo's versions cannot be read", async () => {
    renderWith(<RetrainPage />, { hosts: [ready("hgx-a")], ...demoRetrain(new Date()) }, (backend) =>
      backend.failNext("datasetVersions", apiError("unauthorized", "the token cannot read acme-ml/department-dataset")),
    );
    await screen.findAllByTestId("label-timeline");
    expect(await within(label("department")).findByTestId("dataset-versions-error")).toHaveTextContent("the token cannot read acme-ml/department-dataset");
    expect(await within(label("intent")).findByTestId("dataset-versions")).toBeInTheDocument();
  });
});
