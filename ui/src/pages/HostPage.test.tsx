import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { FakeBackendData } from "../backend/fake";
import { installedAgent, job } from "../backend/hostBuilders";
import type { SyncEvent } from "../bindings/SyncEvent";
import type { SyncLogEntry } from "../bindings/SyncLogEntry";
import { freezeClock } from "../test/clock";
import { renderWith } from "../test/fixtures";
import { connected, flatHistory, ready } from "../test/hosts";
import { HostPage } from "./HostPage";

function renderHost(data: FakeBackendData, name = "hgx-a") {
  const onBack = vi.fn();
  const result = renderWith(<HostPage name={name} onBack={onBack} onOpenHost={vi.fn()} />, data);
  return { ...result, onBack, user: userEvent.setup() };
}

const RUNNING = "20260102T030405Z-0000002a";
const line = (event: SyncEvent): SyncLogEntry => ({ kind: "event", event });
const downloading = { event: "progress", task: "Downloading", bytes_total: 4096, files_total: 4, rate: null, eta_seconds: null } as const;

describe("HostPage", () => {
  it("shows the live header and draws an SVG line per GPU for the last hour", async () => {
    freezeClock();
    renderHost({ hosts: [connected("hgx-a")], hostHistory: { "hgx-a": flatHistory([0, 50, 100]) } });
    expect(await screen.findByRole("heading", { level: 1 })).toHaveTextContent("hgx-a");
    expect(screen.getByTestId("host-state")).toHaveTextContent("Connected");
    expect(screen.getAllByTestId("gpu-card")).toHaveLength(8);

    const util = await screen.findByTestId("chart-gpu-util");
    const lines = within(util).getAllByTestId("chart-line");
    expect(lines.map((l) => l.getAttribute("data-series"))).toEqual(["gpu-0", "gpu-1", "gpu-2", "gpu-3", "gpu-4", "gpu-5", "gpu-6", "gpu-7"]);
    // 0 %, 50 % then 100 % across the 300 × 80 box.
    expect(lines[0]!.tagName.toLowerCase()).toBe("path");
    expect(lines[0]).toHaveAttribute("d", "M0.0 80.0L150.0 40.0L300.0 0.0");
    expect(util).toHaveTextContent("GPU 7 100 %");
    for (const id of ["chart-gpu-memory", "chart-gpu-temp", "chart-gpu-power"]) {
      expect(within(screen.getByTestId(id)).getAllByTestId("chart-line")).toHaveLength(8);
    }
    // 40 GiB of the H100's 79.6 GiB.
    expect(within(screen.getByTestId("chart-gpu-memory")).getAllByTestId("chart-line")[0]).toHaveAttribute("d", expect.stringMatching(/^M0\.0 39\.8L/));
    expect(within(screen.getByTestId("chart-disk")).getByTestId("chart-line")).toHaveAttribute("d", "M0.0 40.0L150.0 40.0L300.0 40.0");
    expect(within(screen.getByTestId("chart-load")).getAllByTestId("chart-line")).toHaveLength(1);
    expect(screen.getByTestId("chart-disk")).toHaveTextContent("4 s ago");
  });

  it("says when there is no history yet", async () => {
    renderHost({ hosts: [connected("hgx-a")] });
    expect(await screen.findByTestId("host-charts-empty")).toHaveTextContent("No history yet");
  });

  it("lists the GPU processes", async () => {
    renderHost({ hosts: [connected("hgx-a")] });
    const rows = await screen.findAllByTestId("gpu-process");
    expect(rows).toHaveLength(8);
    expect(rows[1]).toHaveTextContent(/^41017python31\d+\.\d GiB$/);
  });

  it("installs hugflow only after the user reads what it does and clicks", async () => {
    const { user, backend } = renderHost({ hosts: [connected("hgx-a", undefined, { agent: { state: "missing" } })], agentVersion: "0.4.2" });
    const panel = await screen.findByTestId("agent-panel");
    expect(within(panel).getByTestId("agent-state")).toHaveTextContent("hugflow is not installed on hgx-a");
    expect(within(panel).getByTestId("agent-consent")).toHaveTextContent("copies this app's hugflow binary over SSH to ~/.local/bin/hugflow on hgx-a");
    expect(backend.callCount("installAgent")).toBe(0);

    await user.click(within(panel).getByTestId("agent-install"));
    expect(backend.callCount("installAgent")).toBe(1);
    await waitFor(() => expect(within(panel).getByTestId("agent-state")).toHaveTextContent("hugflow 0.4.2 on the host · this app 0.4.2"));
    expect(within(panel).getByTestId("agent-path")).toHaveTextContent("at ~/.local/bin/hugflow");
    expect(within(panel).queryByTestId("agent-install")).not.toBeInTheDocument();
    expect(within(panel).queryByTestId("agent-version-note")).not.toBeInTheDocument();
  });

  it("shows a spinner while installing, and the message with a retry when it failed", async () => {
    const { unmount } = renderHost({ hosts: [connected("hgx-a", undefined, { agent: { state: "installing" } })] });
    expect(await screen.findByTestId("agent-state")).toHaveTextContent("Installing hugflow on hgx-a…");
    expect(screen.getByTestId("agent-state").querySelector(".spinner")).not.toBeNull();
    unmount();
    renderHost({ hosts: [connected("hgx-a", undefined, { agent: { state: "failed", message: "scp: ~/.local/bin: Permission denied" } })] });
    expect(await screen.findByTestId("agent-state")).toHaveTextContent("Installing failed: scp: ~/.local/bin: Permission denied");
    expect(screen.getByTestId("agent-install")).toHaveTextContent("Try again");
  });

  it("offers to upgrade an older hugflow on the host, and shows the upgrade", async () => {
    const agent = installedAgent("0.0.9", "0.1.0", "older", "/opt/hugflow");
    const { user, backend } = renderHost({ hosts: [ready("hgx-a", { agent })], agentVersion: "0.1.0" });
    const panel = await screen.findByTestId("agent-panel");
    expect(within(panel).getByTestId("agent-state")).toHaveTextContent("hugflow 0.0.9 on the host · this app 0.1.0");
    expect(within(panel).getByTestId("agent-version-note")).toHaveTextContent("older than this app");
    await user.click(within(panel).getByTestId("agent-install"));
    expect(backend.callCount("installAgent")).toBe(1);
    await waitFor(() => expect(within(panel).getByTestId("agent-state")).toHaveTextContent("hugflow 0.1.0 on the host · this app 0.1.0"));
    expect(within(panel).queryByTestId("agent-install")).not.toBeInTheDocument();
  });

  it("lists the syncs and cancels a running one started from the desktop", async () => {
    const host = ready("hgx-a", {
      jobs: [
        job(RUNNING, "Revolab/conversations", {
          started_at: new Date(Date.now() - 600_000).toISOString(),
          progress: { storage_name: "x", hf_id: "Revolab/conversations", status: "downloading", downloaded_files: 1500, total_files: 4210, percent_complete: 35.6, started_at: null, last_update: null, current_file: null, eta: "54m" },
        }),
        job("ci-openslr__librispeech_asr__rev_main", "openslr/librispeech_asr", { origin: "ci", kind: null, state: "running" }),
        job("20260101T000000Z-00000001", "google/fleurs", { state: "failed", error: "google/fleurs is gated" }),
      ],
    });
    const { user, backend } = renderHost({ hosts: [host] });
    const rows = await screen.findAllByTestId("host-job");
    expect(rows.map((r) => r.dataset.state)).toEqual(["running", "running", "failed"]);
    const [mine, ci, failed] = rows as [HTMLElement, HTMLElement, HTMLElement];
    expect(within(mine).getByTestId("job-origin")).toHaveTextContent("Desktop");
    expect(within(mine).getByRole("progressbar")).toHaveAttribute("aria-valuenow", "35.6");
    expect(mine).toHaveTextContent("1,500 of 4,210 files, about 54m left");
    expect(within(mine).getByTestId("job-times")).toHaveTextContent("started 10 minutes ago");
    expect(within(ci).getByTestId("job-origin")).toHaveTextContent("CI");
    expect(within(ci).queryByTestId("job-cancel")).not.toBeInTheDocument();
    expect(within(failed).getByTestId("job-error")).toHaveTextContent("google/fleurs is gated");
    expect(within(failed).queryByTestId("job-cancel")).not.toBeInTheDocument();
    expect(screen.getByTestId("host-syncs")).toHaveTextContent("2 syncs running");

    await user.click(within(mine).getByTestId("job-cancel"));
    await waitFor(() => expect(backend.fakeHosts.cancelled).toEqual([["hgx-a", RUNNING]]));
    await waitFor(() => expect(screen.getAllByTestId("host-job")[0]).toHaveAttribute("data-state", "cancelled"));
    expect(within(screen.getAllByTestId("host-job")[0]!).getByTestId("job-state")).toHaveTextContent("Cancelled");
    expect(within(screen.getAllByTestId("host-job")[0]!).queryByTestId("job-cancel")).not.toBeInTheDocument();
  });

  it("shows a sync's log in words", async () => {
    const host = ready("hgx-a", { jobs: [job(RUNNING, "a/b")] });
    const log: SyncLogEntry[] = [
      line({ event: "planned", hf_id: "a/b", commit: "8f2c1e0d9b7a6c5d4e3f", source_revision: "main", files: 4210, bytes: 46_170_898_432, warnings: [], notes: [] }),
      line({ ...downloading, bytes_done: 1024, files_done: 1 }),
      line({ ...downloading, bytes_done: 2048, files_done: 2, rate: 1024, eta_seconds: 2 }),
      { kind: "text", text: "warning: the disk is 91% full" },
      line({ event: "failed", kind: "gated", message: "a/b is gated", suggestion: "accept its terms on the Hub" }),
    ];
    const { user } = renderHost({ hosts: [host], hostSyncLogs: { [RUNNING]: log } });
    await user.click(await screen.findByTestId("job-log-button"));
    const lines = await screen.findAllByTestId("job-log-line");
    expect(lines.map((l) => l.textContent)).toEqual([
      "Planned a/b: 4,210 files, 43.0 GB at commit 8f2c1e0d9b7a",
      "Downloading 50% — 2.0 KB of 4.0 KB, 2 of 4 files, 1.0 KB/s, about 2 s left",
      "warning: the disk is 91% full",
      "Failed (gated): a/b is gatedWhat to do: accept its terms on the Hub",
    ]);
  });

  it("saves the host's paths under the same name and removes the host", async () => {
    const { user, backend, onBack } = renderHost({ hosts: [ready("hgx-a")] });
    const checkout = await screen.findByTestId("host-settings-checkout");
    expect(checkout).toHaveValue("~/gitops");
    await user.clear(checkout);
    await user.type(checkout, "/srv/gitops");
    await user.click(screen.getByTestId("host-settings-submit"));
    expect(await screen.findByTestId("host-settings-saved")).toHaveTextContent("Saved.");
    expect(backend.fakeHosts.hosts[0]).toMatchObject({ name: "hgx-a", checkout: "/srv/gitops", storage_root: "/data/datasets" });

    await user.click(screen.getByTestId("host-remove"));
    await user.click(screen.getByTestId("host-remove-confirm"));
    await waitFor(() => expect(onBack).toHaveBeenCalledTimes(1));
    expect(backend.fakeHosts.hosts).toEqual([]);
  });
});
