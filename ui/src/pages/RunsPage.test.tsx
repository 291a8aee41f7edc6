import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { apiError } from "../backend/errors";
import type { FakeBackendData } from "../backend/fake";
import { renderWith } from "../test/fixtures";
import { ready } from "../test/hosts";
import { FLOWS_ROOT, HULDRA_ROOT, runFolders } from "../test/runs";
import { RunsPage } from "./RunsPage";

function renderRuns(data: FakeBackendData = runFolders()) {
  const result = renderWith(<RunsPage />, data);
  return { ...result, user: userEvent.setup() };
}

const row = (name: string) => screen.getAllByTestId("run-row").find((r) => r.dataset.name === name)!;
const flow = (name: string) => screen.getAllByTestId("flow-row").find((r) => r.dataset.name === name)!;
const source = (path: string) => screen.getAllByTestId("run-source").find((s) => s.dataset.path === path)!;
const rowNames = () => screen.getAllByTestId("run-row").map((r) => r.dataset.name);

describe("RunsPage", () => {
  it("lists the builds with their light, start, duration, an unfinished badge and notebook hints", async () => {
    renderRuns();
    await waitFor(() => expect(rowNames()).toEqual(["augmented", "diverged", "low_data", "baseline", "lr_sweep"]));
    expect(screen.getAllByTestId("run-row").map((r) => r.dataset.status)).toEqual(["warning", "error", "success", "success", "success"]);
    expect(source(FLOWS_ROOT)).toHaveAttribute("aria-pressed", "true");
    expect(source(FLOWS_ROOT)).toHaveTextContent("hgx-a");

    const diverged = row("diverged");
    expect(within(diverged).getAllByTestId("status-light")[0]).toHaveAttribute("data-tone", "error");
    expect(within(diverged).getAllByTestId("status-light")[0]).toHaveTextContent("Error");
    expect(within(diverged).getAllByTestId("run-duration")[0]).toHaveTextContent(/^6 s$/);
    expect(within(diverged).getAllByTestId("run-start")[0]).toHaveTextContent("3 hours ago");
    expect(within(diverged).queryByTestId("run-liveness")).not.toBeInTheDocument();

    expect(within(row("augmented")).getByTestId("run-liveness")).toHaveTextContent("running");
    expect(within(row("augmented")).getAllByTestId("run-duration")[0]).toHaveTextContent(/^4 min \d+ s so far$/);
    expect(within(row("lr_sweep")).getByTestId("run-liveness")).toHaveTextContent("abandoned");
    expect(within(row("lr_sweep")).getAllByTestId("run-duration")[0]).toHaveTextContent("—");
    expect(within(row("low_data")).getByTestId("notebook-hint")).toHaveTextContent("1 notebook warning");
    expect(within(row("baseline")).queryByTestId("notebook-hint")).not.toBeInTheDocument();
    expect(screen.getByTestId("runs-count")).toHaveTextContent("5 shown");
  });

  it("shows a build's flows when its row is clicked, and a flow's deciding lines in its log", async () => {
    const { user, backend } = renderRuns();
    await user.click(await screen.findByText("diverged"));
    expect(screen.getAllByTestId("flow-row").map((f) => [f.dataset.name, f.dataset.status])).toEqual([
      ["prep_instance", "success"],
      ["train_instance", "error"],
    ]);
    expect(screen.getByTestId("run-detail")).toHaveAttribute("data-path", "runs/pipeline/diverged");
    expect(within(row("diverged")).getByTestId("run-expand")).toHaveAttribute("aria-expanded", "true");

    await user.click(flow("train_instance"));
    const detail = screen.getByTestId("run-detail");
    expect(detail).toHaveAttribute("data-path", "runs/pipeline/diverged/runs/train_instance");
    expect(within(detail).getByRole("heading", { level: 2 })).toHaveTextContent("train_instance");
    expect(within(detail).getAllByTestId("run-signal").map((s) => s.textContent)).toEqual([
      expect.stringMatching(/^error.*train_execution_output\.txt line 5.*flow:train - ERROR - ❌ Execution failed:$/),
      expect.stringMatching(/line 19RuntimeError: loss diverged \(nan\) at step 12$/),
    ]);
    expect(within(detail).getByTestId("run-config")).toHaveTextContent('"fail": true');
    const deciding = await within(detail).findAllByTestId("deciding-line");
    expect(deciding.map((l) => l.textContent)).toEqual([expect.stringContaining("ERROR - ❌ Execution failed:"), "RuntimeError: loss diverged (nan) at step 12"]);
    expect(within(detail).getAllByTestId("log-line").length).toBeGreaterThan(10);
    expect(backend.fakeRuns.tails.at(-1)).toEqual(["runs/pipeline/diverged/runs/train_instance/train_execution_output.txt", 200]);

    // The row's own clicks open; the arrow folds the flows away.
    await user.click(within(row("diverged")).getByTestId("run-expand"));
    expect(screen.queryByTestId("flow-row")).not.toBeInTheDocument();
    await user.click(row("baseline"));
    expect(screen.getAllByTestId("flow-row").map((f) => f.dataset.status)).toEqual(["success", "success"]);
    expect(screen.getByTestId("run-detail")).toHaveAttribute("data-path", "runs/pipeline/baseline");
    expect(within(screen.getByTestId("run-detail")).getByTestId("run-signals-none")).toBeInTheDocument();
  });

  it("shows a build's notebook warnings from its flows, which its green light leaves out", async () => {
    const { user } = renderRuns();
    await user.click(await screen.findByText("low_data"));
    const detail = screen.getByTestId("run-detail");
    expect(within(detail).getByTestId("notebook-hint")).toHaveTextContent("1 notebook warning");
    const [signal] = within(detail).getAllByTestId("run-signal");
    expect(signal).toHaveAttribute("data-source", "notebook");
    expect(signal).toHaveTextContent("runs/train_instance/train_executed.ipynb cell 4 (not in the light)WARNING: learning rate clipped");
    expect(await within(detail).findAllByTestId("log-line")).not.toHaveLength(0);
    expect(within(detail).queryByTestId("deciding-line")).not.toBeInTheDocument();
  });

  it("filters by status, date and name, and remembers the filters of each folder", async () => {
    const { user, unmount } = renderRuns();
    await waitFor(() => expect(rowNames()).toHaveLength(5));
    await user.click(screen.getByTestId("run-filter-error"));
    expect(rowNames()).toEqual(["diverged"]);
    await user.click(screen.getByTestId("run-filter-running"));
    expect(rowNames()).toEqual(["augmented", "diverged"]);
    expect(screen.getByTestId("runs-count")).toHaveTextContent("2 of 5 shown");
    await user.click(screen.getByTestId("run-filter-error"));
    await user.click(screen.getByTestId("run-filter-running"));

    await user.selectOptions(screen.getByTestId("run-filter-range"), "today");
    // Started a day or more ago: never today (the two recent ones may be yesterday just after midnight).
    expect(screen.queryAllByTestId("run-row").filter((r) => ["low_data", "baseline", "lr_sweep"].includes(r.dataset.name!))).toEqual([]);
    await user.selectOptions(screen.getByTestId("run-filter-range"), "7d");
    expect(rowNames()).toEqual(["augmented", "diverged", "low_data", "baseline"]);
    await user.type(screen.getByTestId("run-filter-text"), "LOW");
    expect(rowNames()).toEqual(["low_data"]);
    unmount();

    // Back on the page: the same filters.
    const again = renderRuns();
    await waitFor(() => expect(rowNames()).toEqual(["low_data"]));
    expect(screen.getByTestId("run-filter-text")).toHaveValue("LOW");
    expect(screen.getByTestId("run-filter-range")).toHaveValue("7d");
    await user.type(screen.getByTestId("run-filter-text"), "xyz");
    expect(await screen.findByTestId("runs-no-match")).toHaveTextContent("No run matches these filters.");

    // Another folder has filters of its own.
    await again.user.click(source(HULDRA_ROOT));
    expect(await screen.findAllByTestId("artifact-row")).toHaveLength(5);
    expect(screen.getByTestId("run-filter-text")).toHaveValue("");
    await again.user.click(screen.getByTestId("run-filter-error"));
    expect(screen.getAllByTestId("artifact-row").map((r) => r.dataset.status)).toEqual(["failed"]);

    await again.user.click(source(FLOWS_ROOT));
    expect(await screen.findByTestId("runs-no-match")).toBeInTheDocument();
    await again.user.click(screen.getByTestId("run-filters-clear"));
    await waitFor(() => expect(rowNames()).toHaveLength(5));
  });

  it("compares the configs of two runs key by key, the older one first", async () => {
    const { user } = renderRuns();
    await waitFor(() => expect(rowNames()).toHaveLength(5));
    await user.click(within(row("diverged")).getByTestId("run-compare"));
    expect(screen.getByTestId("compare-hint")).toBeInTheDocument();
    expect(screen.queryByTestId("run-detail")).not.toBeInTheDocument();
    await user.click(within(row("baseline")).getByTestId("run-compare"));

    const diff = screen.getByTestId("config-diff");
    expect(within(diff).getByRole("heading")).toHaveTextContent("Config of baseline → diverged");
    expect(within(diff).getAllByTestId("diff-row").map((r) => [r.dataset.path, r.dataset.kind, r.textContent])).toEqual([
      ["fail", "added", "failaddedtrue"],
      ["instance", "changed", 'instancechanged"baseline""diverged"'],
      ["rows", "changed", "rowschanged1000500"],
    ]);

    // A third pick replaces the oldest pick.
    await user.click(within(row("low_data")).getByTestId("run-compare"));
    expect(within(screen.getByTestId("config-diff")).getByRole("heading")).toHaveTextContent("Config of baseline → low_data");
    expect(within(row("diverged")).getByTestId("run-compare")).not.toBeChecked();
    await user.click(screen.getByTestId("config-diff-clear"));
    expect(screen.queryByTestId("config-diff")).not.toBeInTheDocument();
    expect(screen.getAllByTestId("run-compare").filter((c) => (c as HTMLInputElement).checked)).toHaveLength(0);
  });

  it("shows huldra artifacts, a stale one told apart, and a failure's error and traceback", async () => {
    const { user } = renderRuns();
    await user.click(await screen.findByText(HULDRA_ROOT));
    const rows = await screen.findAllByTestId("artifact-row");
    expect(screen.getByTestId("runs-tab-artifacts")).toHaveAttribute("aria-selected", "true");
    expect(rows.map((r) => [r.dataset.hash, r.dataset.status])).toEqual([
      ["65510c241ad994f12a86", "stale"],
      ["794b489f0b6a7d82ed3f", "failed"],
      ["5ad086e5788f8901b96e", "success"],
      ["61c2563e1287bb9cf824", "success"],
      ["d0c4c86d1bcd90b72694", "success"],
    ]);
    expect(within(rows[0]!).getByTestId("status-light")).toHaveAttribute("data-tone", "stale");
    expect(rows[0]).toHaveTextContent("stale (lease expired)");
    expect(rows[0]).toHaveTextContent("hgx-a · pid 21294");
    expect(rows[1]).toHaveTextContent("CUDA out of memory: tried to allocate 20.00 GiB");
    expect(rows[1]).toHaveTextContent("6763dda");

    await user.click(rows[1]!);
    const detail = screen.getByTestId("artifact-detail");
    expect(within(detail).getByTestId("artifact-error")).toHaveTextContent("RuntimeError: CUDA out of memory: tried to allocate 20.00 GiB");
    expect(within(detail).getByTestId("artifact-traceback")).toHaveTextContent('File "/data/hgx/experiments/asr/asrpipe/pipelines.py", line 30, in _create');
    expect(within(detail).getByTestId("artifact-config")).toHaveTextContent('"lr": 0.001');
    expect(detail).toHaveTextContent("6763dda8185f628867976526dace5ece5afad17a");

    await user.click(rows[0]!);
    expect(within(screen.getByTestId("artifact-detail")).getByTestId("artifact-stale")).toHaveTextContent("its lease expired");
    await user.click(screen.getByTestId("runs-tab-flows"));
    expect(screen.getByText("No ductaflow run in this folder.")).toBeInTheDocument();
  });

  it("explains run folders when there is none, and adds one on this computer, typed or picked", async () => {
    const { user, backend } = renderRuns({ pickFolderResult: "/home/you/asr/runs" });
    expect(await screen.findByTestId("runs-no-source")).toHaveTextContent("No run folder yet.");
    expect(screen.getByTestId("add-run-source")).toBeDisabled();
    expect(screen.getByTestId("run-source-host")).toHaveValue("");

    await user.type(screen.getByTestId("run-source-path"), "runs");
    await user.click(screen.getByTestId("add-run-source"));
    expect(await screen.findByTestId("run-source-error")).toHaveTextContent('The folder "runs" is not absolute');
    expect(backend.fakeRuns.sources).toEqual([]);

    await user.click(screen.getByTestId("run-source-browse"));
    expect(screen.getByTestId("run-source-path")).toHaveValue("/home/you/asr/runs");
    await user.click(screen.getByTestId("add-run-source"));
    expect(await screen.findByTestId("runs-nothing-found")).toHaveTextContent("No run found under /home/you/asr/runs.");
    expect(screen.getByTestId("runs-nothing-found")).toHaveTextContent(".huldra/state.json");
    expect(screen.getByTestId("runs-nothing-found")).toHaveTextContent("_execution_output.txt");
    expect(backend.fakeRuns.sources).toEqual([{ host: null, path: "/home/you/asr/runs" }]);
    expect(source("/home/you/asr/runs")).toHaveTextContent("This computer");
    expect(screen.getByTestId("run-source-path")).toHaveValue("");
    expect(screen.queryByTestId("runs-no-source")).not.toBeInTheDocument();
  });

  it("adds a folder on a host and switches to it", async () => {
    const { user, backend } = renderRuns({ ...runFolders(), hosts: [ready("hgx-a"), ready("hgx-b")], runSources: [] });
    await screen.findByTestId("runs-no-source");
    await waitFor(() => expect(screen.getAllByRole("option").map((o) => o.textContent)).toEqual(["This computer", "hgx-a", "hgx-b"]));
    await user.selectOptions(screen.getByTestId("run-source-host"), "hgx-a");
    expect(screen.queryByTestId("run-source-browse")).not.toBeInTheDocument();
    await user.type(screen.getByTestId("run-source-path"), FLOWS_ROOT);
    await user.click(screen.getByTestId("add-run-source"));
    await waitFor(() => expect(rowNames()).toHaveLength(5));
    expect(backend.fakeRuns.sources).toEqual([{ host: "hgx-a", path: FLOWS_ROOT }]);
    expect(backend.fakeRuns.scans.at(-1)).toEqual({ host: "hgx-a", path: FLOWS_ROOT });
  });

  it("forgets a folder only after a second click", async () => {
    const { user, backend } = renderRuns();
    await waitFor(() => expect(rowNames()).toHaveLength(5));
    await user.click(screen.getByTestId("run-source-remove"));
    expect(backend.fakeRuns.sources).toHaveLength(2);
    await user.click(screen.getByTestId("run-source-remove-confirm"));
    await waitFor(() => expect(screen.getAllByTestId("run-source").map((s) => s.dataset.path)).toEqual([HULDRA_ROOT]));
    expect(backend.fakeRuns.sources).toEqual([{ host: "hgx-a", path: HULDRA_ROOT }]);
    expect(await screen.findAllByTestId("artifact-row")).toHaveLength(5);
  });

  it("shows why a folder could not be read, keeps the last list, and reads it again on Refresh", async () => {
    const { user, backend } = renderRuns();
    await waitFor(() => expect(rowNames()).toHaveLength(5));
    const before = backend.callCount("scanRuns");
    backend.failNext("scanRuns", apiError("ssh", "ssh: connect to host hgx-a port 22: Connection timed out"));
    await user.click(screen.getByTestId("runs-refresh"));
    expect(await screen.findByTestId("error-banner")).toHaveTextContent(`Could not read ${FLOWS_ROOT}: ssh: connect to host hgx-a port 22: Connection timed out`);
    expect(screen.getByTestId("error-banner")).toHaveTextContent("The list shows what the last read found.");
    expect(rowNames()).toHaveLength(5);
    await user.click(screen.getByTestId("runs-refresh"));
    await waitFor(() => expect(screen.queryByTestId("error-banner")).not.toBeInTheDocument());
    expect(backend.callCount("scanRuns") - before).toBe(2);
  });

  it("reads a running flow's log again at each scan, a finished one's only once", async () => {
    const { user, backend } = renderRuns();
    await user.click(await screen.findByText("augmented"));
    await user.click(flow("train_instance"));
    expect(await screen.findAllByTestId("deciding-line")).toHaveLength(1);
    expect(screen.getByTestId("deciding-line")).toHaveTextContent("WARNING - ⚠️ learning rate clipped at step 400");
    expect(screen.getByTestId("deciding-line")).toHaveAttribute("data-kind", "warning");
    const running = backend.fakeRuns.tails.length;
    await user.click(screen.getByTestId("runs-refresh"));
    await waitFor(() => expect(backend.fakeRuns.tails.length).toBe(running + 1));

    await user.click(flow("prep_instance"));
    await screen.findAllByTestId("log-line");
    const finished = backend.fakeRuns.tails.length;
    await user.click(screen.getByTestId("runs-refresh"));
    await waitFor(() => expect(backend.callCount("scanRuns")).toBeGreaterThanOrEqual(3));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(backend.fakeRuns.tails.length).toBe(finished);
  });

  it("says when a log cannot be read", async () => {
    const { user, backend } = renderRuns();
    backend.failNext("runFileTail", apiError("ssh", "ssh: Connection reset by peer"));
    await user.click(await screen.findByText("diverged"));
    expect(await screen.findByTestId("log-tail-error")).toHaveTextContent("Could not read the log: ssh: Connection reset by peer");
  });
});
