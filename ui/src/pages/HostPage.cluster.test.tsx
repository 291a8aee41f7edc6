import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { FakeBackendData } from "../backend/fake";
import { stageRejection } from "../backend/fakeRules";
import { renderWith } from "../test/fixtures";
import { clusterStatus, nodeStage, stageRecord } from "../test/cluster";
import { gpu, H100, hostView, snapshot } from "../backend/hostBuilders";
import { connected, ready } from "../test/hosts";
import { HostPage } from "./HostPage";

const NAME = "acme__speech__rev_main";

function renderLogin(data: FakeBackendData, name = "login") {
  const onOpenHost = vi.fn();
  const result = renderWith(<HostPage name={name} onBack={vi.fn()} onOpenHost={onOpenHost} />, data);
  return { ...result, onOpenHost, user: userEvent.setup() };
}

describe("HostPage of a Slurm login node", () => {
  it("shows the nodes, the datasets × nodes matrix with each failure's reason, and the jobs", async () => {
    const status = clusterStatus(
      ["n1", "n2", "n3"],
      [stageRecord(NAME, { n1: nodeStage("verified"), n2: nodeStage("copying", { bytes_done: 1_200 }), n3: nodeStage("failed", { reason: "No space left on /local/nvme" }) })],
    );
    status.jobs = [{ job_id: "7", kind: "stage", storage_name: NAME, state: "RUNNING", nodes: "n[1-3]", reason: "None" }];
    renderLogin({ hosts: [ready("login", { cluster: true })], clusters: { login: status } });

    const nodes = await screen.findAllByTestId("cluster-node");
    expect(nodes.map((n) => n.getAttribute("data-node"))).toEqual(["n1", "n2", "n3"]);
    expect(nodes[0]).toHaveTextContent("n1idle8 · gres, not live64debug");
    const cells = screen.getAllByTestId("stage-cell");
    expect(cells.map((c) => c.getAttribute("data-state"))).toEqual(["verified", "copying", "failed"]);
    expect(cells[1]).toHaveTextContent("copying 40 %");
    expect(cells[2]).toHaveAttribute("title", "No space left on /local/nvme");
    expect(cells[2]).toHaveTextContent("No space left on /local/nvme");
    expect(screen.getByTestId("stage-job")).toHaveTextContent("job 7 · stage acme__speech__rev_main on n[1-3] · RUNNING");
  });

  it("shows the live GPUs of a node that is a saved host and links to its page; any other node, its gres count", async () => {
    // n1 is saved by its SSH target (another case, a domain), n3 has not reported yet, n2 is not saved.
    const hosts = [ready("login", { cluster: true }), connected("ml@N1.cluster.local:2222"), hostView("n3")];
    const { user, backend, onOpenHost } = renderLogin({ hosts, clusters: { login: clusterStatus(["n1", "n2", "n3"]) } });

    const nodes = await screen.findAllByTestId("cluster-node");
    expect(nodes.map((n) => n.getAttribute("data-host"))).toEqual(["ml@N1.cluster.local:2222", null, "n3"]);
    const gpus = screen.getAllByTestId("cluster-node-gpus");
    expect(gpus.map((g) => g.getAttribute("data-live"))).toEqual(["true", "false", "false"]);
    // 8 H100 at 50 %, 57,091 of 81,559 MiB each: what the host's own page shows, summed.
    expect(gpus[0]).toHaveTextContent("8 GPUs · 50 % util · 446.0 / 637.2 GiB");
    expect(gpus[1]).toHaveTextContent("8 · gres, not live");
    expect(gpus[1]).toHaveAttribute("title", expect.stringContaining("gpu:h100:8"));
    expect(gpus[2]).toHaveTextContent("8 · n3 has not reported");

    expect(within(nodes[1]!).queryByTestId("cluster-node-open")).toBeNull();
    await user.click(within(nodes[0]!).getByTestId("cluster-node-open"));
    expect(onOpenHost).toHaveBeenCalledWith("ml@N1.cluster.local:2222");

    // The next report of n1's monitor shows at once.
    backend.fakeHosts.hosts[1]!.snapshot = snapshot(new Date(), [gpu(H100, 0, 0), gpu(H100, 1, 1)]);
    backend.fakeHosts.emit();
    await waitFor(() => expect(screen.getAllByTestId("cluster-node-gpus")[0]).toHaveTextContent("2 GPUs · 50 % util · 71.7 / 159.3 GiB"));
  });

  it("says what to do when Slurm's client is missing on the login node", async () => {
    const error = { code: "ssh" as const, message: "`sinfo` was not found: install Slurm's client (Debian: slurm-client)", detail: null };
    renderLogin({ hosts: [ready("login", { cluster: true })], clusters: { login: { error } } });
    const banner = await screen.findByTestId("error-banner");
    expect(banner).toHaveTextContent("slurm-client");
    expect(banner).toHaveTextContent("Run `hugflow cluster` on the login node");
  });

  it("stages with the values Rust accepts, shows Rust's refusal otherwise, and the new job's nodes as pending", async () => {
    const { user, backend } = renderLogin({ hosts: [ready("login", { cluster: true })], clusters: { login: clusterStatus(["n1", "n2", "n3"]) } });
    expect(await screen.findByTestId("stage-matrix-empty")).toHaveTextContent("Nothing staged");
    await user.type(screen.getByTestId("stage-dataset"), NAME);
    await user.type(screen.getByTestId("stage-nodes"), "n1;reboot");
    await user.type(screen.getByTestId("stage-target"), "/local/nvme/datasets");
    await user.click(screen.getByTestId("stage-submit"));
    const refusal = stageRejection(NAME, { nodes: "n1;reboot", target: "/local/nvme/datasets" });
    expect(refusal).toContain("not allowed");
    expect(await screen.findByTestId("stage-error")).toHaveTextContent(refusal!);

    await user.clear(screen.getByTestId("stage-nodes"));
    await user.type(screen.getByTestId("stage-nodes"), "n[[1-3]");
    await user.click(screen.getByTestId("stage-submit"));
    expect(await screen.findByTestId("stage-submitted")).toHaveTextContent("Submitted staging job 102");
    await waitFor(() => expect(screen.getAllByTestId("stage-cell").map((c) => c.getAttribute("data-state"))).toEqual(["pending", "pending", "pending"]));
    expect(backend.fakeHosts.staged.at(-1)).toEqual({ host: "login", storageName: NAME, spec: { nodes: "n[1-3]", partition: null, nodes_count: null, target: "/local/nvme/datasets" } });
  });

  it("is offered in the host's settings and kept when saved", async () => {
    const { user, backend } = renderLogin({ hosts: [ready("hgx-a")] }, "hgx-a");
    const form = await screen.findByTestId("host-settings-form");
    expect(screen.queryByTestId("cluster-section")).toBeNull();
    await user.click(within(form).getByTestId("host-settings-cluster"));
    await user.click(within(form).getByTestId("host-settings-submit"));
    expect(await screen.findByTestId("cluster-section")).toBeInTheDocument();
    expect(backend.fakeHosts.hosts[0]!.cluster).toBe(true);
  });
});
