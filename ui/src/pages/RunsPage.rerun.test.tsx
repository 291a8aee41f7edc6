import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { apiError } from "../backend/errors";
import type { FakeBackendData } from "../backend/fake";
import { NOT_PLANNED } from "../components/RerunButton";
import { renderWith } from "../test/fixtures";
import { FLOWS_ROOT, runFolders, withRerun, withRun } from "../test/runs";
import { RunsPage } from "./RunsPage";

const TRAIN = "runs/pipeline/diverged/runs/train_instance";
const SOURCE = { host: "hgx-a", path: FLOWS_ROOT };

/** The Runs page with diverged's train flow open. */
async function openTrain(data: FakeBackendData = runFolders()) {
  const result = renderWith(<RunsPage />, data);
  const user = userEvent.setup();
  await user.click(await screen.findByText("diverged"));
  await user.click(screen.getAllByTestId("flow-row").find((r) => r.dataset.name === "train_instance")!);
  const detail = screen.getByTestId("run-detail");
  expect(detail).toHaveAttribute("data-path", TRAIN);
  return { ...result, user, detail };
}

describe("Re-run this flow", () => {
  it("is disabled, saying why, when the host could not plan a re-run", async () => {
    const why = `${FLOWS_ROOT}/${TRAIN} has no saved config train_config.json; a re-run passes the run's own config to --config`;
    const { detail } = await openTrain(
      withRun(TRAIN, (run) => {
        run.rerun_command = null;
        run.rerun_blocked = why;
      }),
    );
    const button = within(detail).getByTestId("flow-rerun");
    expect(button).toBeDisabled();
    // The planning's own reason, as the scan carries it.
    expect(button).toHaveAttribute("title", why);
    expect(within(detail).queryByTestId("flow-rerun-status")).not.toBeInTheDocument();
  });

  it("is disabled when the host's hugflow predates the planning (no command, no reason)", async () => {
    const { detail } = await openTrain(
      withRun(TRAIN, (run) => {
        run.rerun_command = null;
        run.rerun_blocked = null;
      }),
    );
    const button = within(detail).getByTestId("flow-rerun");
    expect(button).toBeDisabled();
    expect(button).toHaveAttribute("title", NOT_PLANNED);
  });

  it("shows the command before it runs, then re-runs the flow and reads the folder again at once", async () => {
    const { user, detail, backend } = await openTrain();
    await user.click(within(detail).getByTestId("flow-rerun"));
    // The scan's command, as the host planned it, shown as it is.
    expect(within(detail).getByTestId("flow-rerun-command")).toHaveTextContent(
      `python3 flows/train.py --config ${FLOWS_ROOT}/${TRAIN}/train_config.json --output-dir ${FLOWS_ROOT}/${TRAIN}`,
    );
    expect(within(detail).getByTestId("flow-rerun-confirm-box")).toHaveTextContent("As hgx-a worked it out");
    await user.click(within(detail).getByTestId("flow-rerun-dismiss"));
    expect(within(detail).queryByTestId("flow-rerun-confirm-box")).not.toBeInTheDocument();
    expect(backend.callCount("rerunFlow")).toBe(0);

    const scans = backend.callCount("scanRuns");
    await user.click(within(detail).getByTestId("flow-rerun"));
    await user.click(within(detail).getByTestId("flow-rerun-confirm"));
    expect(backend.fakeRuns.reruns).toEqual([[SOURCE, TRAIN]]);
    const status = await within(detail).findByTestId("flow-rerun-status");
    expect(backend.callCount("scanRuns")).toBeGreaterThan(scans);
    expect(status).toHaveAttribute("data-state", "running");
    expect(within(status).getByTestId("flow-rerun-state")).toHaveTextContent("Running…");
    expect(within(status).getByTestId("flow-rerun-status-command")).toHaveTextContent(
      `python3 flows/train.py --config ${FLOWS_ROOT}/${TRAIN}/train_config.json --output-dir ${FLOWS_ROOT}/${TRAIN}`,
    );
    expect(within(status).getByTestId("flow-rerun-cancel")).toBeEnabled();
    expect(await within(status).findByText(/^hugflow: python3 flows\/train\.py/)).toBeInTheDocument();
    expect(backend.fakeRuns.tails.at(-1)).toEqual([`${TRAIN}/.hugflow/rerun.log`, 200]);
    expect(within(detail).queryByTestId("flow-rerun-confirm-box")).not.toBeInTheDocument();
    // The host refuses a second one while it runs.
    expect(within(detail).getByTestId("flow-rerun")).toBeDisabled();
  });

  it("shows why a re-run could not start", async () => {
    const { user, detail, backend } = await openTrain();
    backend.failNext("rerunFlow", apiError("ssh", "cannot find train.py in a flows/, builds/, flow/ or build/ folder above the run"));
    await user.click(within(detail).getByTestId("flow-rerun"));
    await user.click(within(detail).getByTestId("flow-rerun-confirm"));
    const error = await within(detail).findByTestId("flow-rerun-error");
    expect(error).toHaveTextContent("Could not re-run train_instance: cannot find train.py in a flows/, builds/, flow/ or build/ folder above the run");
    expect(within(error).getByRole("alert")).toBeInTheDocument();
    expect(within(detail).queryByTestId("flow-rerun-status")).not.toBeInTheDocument();
    expect(within(detail).getByTestId("flow-rerun")).toBeEnabled();
  });

  it("shows a running re-run with its log, and Stop cancels it", async () => {
    const { user, detail, backend } = await openTrain(withRerun(TRAIN, {}, ["epoch 1/3", "epoch 2/3"]));
    const status = within(detail).getByTestId("flow-rerun-status");
    expect(status).toHaveAttribute("data-state", "running");
    expect(within(status).getByTestId("flow-rerun-times")).toHaveTextContent(/^started just now · \d+ s so far$/);
    const log = within(status).getByTestId("flow-rerun-log");
    expect(await within(log).findAllByTestId("log-line")).toHaveLength(2);
    expect(log).toHaveTextContent("epoch 2/3");

    await user.click(within(status).getByTestId("flow-rerun-cancel"));
    expect(backend.fakeRuns.cancels).toEqual([[SOURCE, TRAIN]]);
    await waitFor(() => expect(within(detail).getByTestId("flow-rerun-status")).toHaveAttribute("data-state", "cancelled"));
    expect(within(detail).getByTestId("flow-rerun-state")).toHaveTextContent("Cancelled");
    expect(within(detail).queryByTestId("flow-rerun-cancel")).not.toBeInTheDocument();
    expect(within(detail).getByTestId("flow-rerun")).toBeEnabled();
    // Its log is read once more for its last lines.
    expect(await within(detail).findByText("hugflow: the re-run ended: cancelled")).toBeInTheDocument();
  });

  it("says why Stop did not stop it", async () => {
    const { user, detail, backend } = await openTrain(withRerun(TRAIN));
    backend.failNext("cancelRerun", apiError("ssh", "ssh: Connection reset by peer"));
    await user.click(within(detail).getByTestId("flow-rerun-cancel"));
    expect(await within(detail).findByTestId("flow-rerun-cancel-error")).toHaveTextContent("Could not stop the re-run: ssh: Connection reset by peer");
    expect(within(detail).getByTestId("flow-rerun-status")).toHaveAttribute("data-state", "running");
  });

  it("shows a failed re-run's exit code and when it ran", async () => {
    const started = new Date(Date.now() - 2 * 3_600_000);
    const ended = new Date(started.getTime() + 95_000);
    const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");
    const { detail } = await openTrain(withRerun(TRAIN, { state: "failed", code: 1, started_at: iso(started), ended_at: iso(ended) }, ["RuntimeError: loss diverged"]));
    const status = within(detail).getByTestId("flow-rerun-status");
    expect(status).toHaveAttribute("data-state", "failed");
    expect(within(status).getByTestId("flow-rerun-state")).toHaveTextContent("Failed (exit code 1)");
    expect(within(status).getByTestId("flow-rerun-times")).toHaveTextContent("started 2 hours ago, ended 2 hours ago · took 1 min 35 s");
    expect(within(status).queryByTestId("flow-rerun-cancel")).not.toBeInTheDocument();
    expect(await within(status).findByText("RuntimeError: loss diverged")).toBeInTheDocument();
  });

  it("names a re-run's log on the host when the scan does not say where to read it (an older hugflow)", async () => {
    const data = withRerun(TRAIN);
    withRun(TRAIN, (run) => (run.rerun_log = ""), data);
    const { detail, backend } = await openTrain(data);
    expect(within(detail).getByTestId("flow-rerun-log-unknown")).toHaveTextContent(`${FLOWS_ROOT}/${TRAIN}/.hugflow/rerun.log`);
    expect(within(detail).queryByTestId("flow-rerun-log")).not.toBeInTheDocument();
    // Nothing was tailed with an empty name.
    expect(backend.fakeRuns.tails.map(([file]) => file)).not.toContain("");
  });

  it("explains a lost re-run", async () => {
    const { detail } = await openTrain(withRerun(TRAIN, { state: "lost" }));
    expect(within(detail).getByTestId("flow-rerun-status")).toHaveAttribute("data-state", "lost");
    expect(within(detail).getByTestId("flow-rerun-hint")).toHaveTextContent("its process ended without saying how (host rebooted?)");
  });

  it("re-runs a build as a build", async () => {
    const { user, backend } = await openTrain();
    await user.click(screen.getAllByTestId("run-row").find((r) => r.dataset.name === "baseline")!);
    const detail = screen.getByTestId("run-detail");
    await user.click(within(detail).getByTestId("flow-rerun"));
    expect(within(detail).getByTestId("flow-rerun")).toHaveTextContent("Re-run this build");
    expect(within(detail).getByTestId("flow-rerun-command")).toHaveTextContent(
      `python3 builds/pipeline.py --config ${FLOWS_ROOT}/runs/pipeline/baseline/pipeline_config.json --output-dir ${FLOWS_ROOT}/runs/pipeline/baseline`,
    );
    await user.click(within(detail).getByTestId("flow-rerun-confirm"));
    expect(backend.fakeRuns.reruns).toEqual([[SOURCE, "runs/pipeline/baseline"]]);
    expect(await within(detail).findByTestId("flow-rerun-status")).toHaveAttribute("data-state", "running");
  });
});
