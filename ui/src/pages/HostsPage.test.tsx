import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { FakeBackendData } from "../backend/fake";
import { hostRejection } from "../backend/fakeRules";
import { hostView, snapshot } from "../backend/hostBuilders";
import { freezeClock } from "../test/clock";
import { renderWith } from "../test/fixtures";
import { FINGERPRINT, connected, twoHosts, unknownKey } from "../test/hosts";
import { HostsPage } from "./HostsPage";

function renderHosts(data: FakeBackendData = {}) {
  const onOpenHost = vi.fn();
  const result = renderWith(<HostsPage onOpenHost={onOpenHost} />, data);
  return { ...result, onOpenHost, user: userEvent.setup() };
}

const card = (name: string) => screen.getAllByTestId("host-card").find((c) => c.dataset.host === name)!;

describe("HostsPage", () => {
  it("shows one card per host side by side, each with a tile per GPU", async () => {
    freezeClock();
    renderHosts({ hosts: twoHosts() });
    const cards = await screen.findAllByTestId("host-card");
    expect(cards.map((c) => c.dataset.host)).toEqual(["hgx-a", "hgx-b"]);
    expect(cards.every((c) => c.parentElement === screen.getByTestId("hosts-grid"))).toBe(true);
    expect(screen.getByTestId("hosts-grid")).toHaveClass("hosts-grid");

    const a = card("hgx-a");
    expect(within(a).getByTestId("host-state")).toHaveTextContent(/^Connected$/);
    expect(within(a).getByTestId("host-updated")).toHaveTextContent(/^updated 3 s ago$/);
    const tiles = within(a).getAllByTestId("gpu-card");
    expect(tiles).toHaveLength(8);
    const first = tiles[0]!;
    expect(first).toHaveTextContent("GPU 0");
    expect(first).toHaveTextContent("H100 80GB HBM3");
    expect(within(first).getByTestId("gpu-util")).toHaveTextContent("50 %");
    expect(within(first).getByRole("meter", { name: "Util" })).toHaveAttribute("aria-valuenow", "50");
    // 70 % of 81,559 MiB in use.
    expect(within(first).getByTestId("gpu-memory")).toHaveTextContent("55.8 / 79.6 GiB");
    expect(within(first).getByTestId("gpu-temp")).toHaveTextContent("52 °C");
    expect(within(first).getByTestId("gpu-power")).toHaveTextContent("359 / 700 W");
    expect(within(first).getByTestId("gpu-process-count")).toHaveTextContent("1 process");
    expect(within(a).getByTestId("host-disk")).toHaveTextContent("17.4 TB / 28.0 TB");
    expect(within(a).getByTestId("host-load")).toHaveTextContent("Load 16.00 · 15.40 · 14.30");
    expect(within(a).getByTestId("host-memory")).toHaveTextContent("819.2 GB / 2.0 TB");
    expect(within(a).getByTestId("host-syncs")).toHaveTextContent("No sync running");

    expect(within(card("hgx-b")).getAllByTestId("gpu-card")[0]).toHaveTextContent("H200");
  });

  it("marks a host whose numbers are old as stale", async () => {
    freezeClock();
    renderHosts({ hosts: twoHosts() });
    await screen.findAllByTestId("host-card");
    expect(within(card("hgx-b")).getByTestId("host-stale")).toHaveTextContent("stale");
    expect(within(card("hgx-b")).getByTestId("host-updated")).toHaveTextContent("updated 40 s ago");
    expect(within(card("hgx-a")).queryByTestId("host-stale")).not.toBeInTheDocument();
  });

  it("counts down to the next attempt of a lost host and retries on demand", async () => {
    const lost = connected("hgx-a", undefined, {
      connection: { state: "lost", detail: "ssh: connect to host hgx-a port 22: Connection timed out", retry_at: new Date(Date.now() + 4_000).toISOString(), retry_in_seconds: 4 },
      stale: true,
    });
    const { user, backend } = renderHosts({ hosts: [lost] });
    expect(await screen.findByTestId("host-state")).toHaveTextContent(/^Lost — retrying in 4 s$/);
    expect(screen.getByTestId("host-connection-detail")).toHaveTextContent("Connection timed out");
    await user.click(screen.getByTestId("host-retry"));
    await waitFor(() => expect(backend.fakeHosts.retried).toEqual(["hgx-a"]));
    await waitFor(() => expect(screen.getByTestId("host-state")).toHaveTextContent("Connecting…"));
  });

  it("shows disk and load with a friendly note when the host has no nvidia-smi", async () => {
    const plain = connected("cpu-box", undefined, { snapshot: snapshot(new Date(), [], { gpu_status: { state: "no_nvidia_smi" } }) });
    renderHosts({ hosts: [plain] });
    expect(await screen.findByTestId("gpu-status")).toHaveTextContent("nvidia-smi is not installed on this host");
    expect(screen.queryByTestId("gpu-card")).not.toBeInTheDocument();
    expect(screen.getByTestId("host-disk")).toHaveTextContent("17.4 TB / 28.0 TB");
    expect(screen.getByTestId("host-load")).toHaveTextContent("Load 4.00");
  });

  it("shows an unknown key's fingerprint and trusts exactly that key", async () => {
    const { user, backend } = renderHosts({ hosts: [connected("hgx-a"), unknownKey()] });
    await screen.findAllByTestId("host-card");
    const lab = card("dgx-lab");
    expect(within(lab).getByTestId("host-state")).toHaveTextContent("Unknown host key");
    expect(within(lab).getByTestId("host-key-type")).toHaveTextContent("ED25519");
    expect(within(lab).getByTestId("host-fingerprint")).toHaveTextContent(FINGERPRINT);
    expect(within(lab).getByTestId("host-connection")).toHaveTextContent("ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub");
    expect(within(card("hgx-a")).queryByTestId("trust-key-button")).not.toBeInTheDocument();

    await user.click(within(lab).getByTestId("trust-key-button"));
    await waitFor(() => expect(backend.fakeHosts.trusted).toEqual([["dgx-lab", FINGERPRINT]]));
    await waitFor(() => expect(within(card("dgx-lab")).getByTestId("host-state")).toHaveTextContent("Connecting…"));
    expect(within(card("dgx-lab")).queryByTestId("host-fingerprint")).not.toBeInTheDocument();
  });

  it("offers Retry with the reason when the host key changed or authentication failed", async () => {
    const changed = hostView("hgx-a", { connection: { state: "host_key_changed", detail: "the host key of hgx-a changed" } });
    const denied = hostView("hgx-b", { connection: { state: "auth_failed", detail: "Permission denied (publickey)" } });
    renderHosts({ hosts: [changed, denied] });
    await screen.findAllByTestId("host-card");
    expect(within(card("hgx-a")).getByTestId("host-state")).toHaveTextContent("Host key changed!");
    expect(within(card("hgx-a")).getByTestId("host-connection-detail")).toHaveTextContent("the host key of hgx-a changed");
    expect(within(card("hgx-b")).getByTestId("host-state")).toHaveTextContent("Authentication failed");
    expect(within(card("hgx-b")).getByTestId("host-connection")).toHaveTextContent("ssh-add -l");
    expect(within(card("hgx-b")).getByTestId("host-retry")).toHaveTextContent(/^Retry$/);
  });

  it("explains hosts when there is none, suggests ssh config hosts and shows the backend's error", async () => {
    const { user, backend } = renderHosts({ sshConfigHosts: ["hgx-a", "gpu-box"] });
    expect(await screen.findByTestId("hosts-empty")).toHaveTextContent("A host is a GPU server you reach with ssh");
    const form = screen.getByTestId("add-host-form");
    await waitFor(() => expect([...form.querySelectorAll("datalist option")].map((o) => o.getAttribute("value"))).toEqual(["hgx-a", "gpu-box"]));
    expect(screen.getByTestId("add-host-submit")).toBeDisabled();

    await user.type(screen.getByTestId("add-host-name"), "ml@bad host");
    await user.click(screen.getByTestId("add-host-submit"));
    expect(await screen.findByTestId("add-host-error")).toHaveTextContent(hostRejection({ name: "ml@bad host", storage_root: null, checkout: null }));
    expect(backend.fakeHosts.hosts).toEqual([]);

    await user.clear(screen.getByTestId("add-host-name"));
    await user.type(screen.getByTestId("add-host-name"), "hgx-a");
    await user.type(screen.getByTestId("add-host-storage-root"), "/data/datasets");
    await user.type(screen.getByTestId("add-host-checkout"), "~/gitops");
    await user.click(screen.getByTestId("add-host-submit"));
    const added = await screen.findByTestId("host-card");
    expect(added).toHaveAttribute("data-host", "hgx-a");
    expect(within(added).getByTestId("host-state")).toHaveTextContent("Connecting…");
    expect(backend.fakeHosts.hosts[0]).toMatchObject({ name: "hgx-a", storage_root: "/data/datasets", checkout: "~/gitops" });
    // The form stays, emptied, for the next host.
    expect(screen.getByTestId("add-host-saved")).toHaveTextContent("Added.");
    expect(screen.getByTestId("add-host-name")).toHaveValue("");
    expect(screen.queryByTestId("hosts-empty")).not.toBeInTheDocument();
  });

  it("refuses a relative storage root", async () => {
    const { user } = renderHosts({ hosts: twoHosts() });
    await user.type(await screen.findByTestId("add-host-name"), "hgx-c");
    await user.type(screen.getByTestId("add-host-storage-root"), "data");
    await user.click(screen.getByTestId("add-host-submit"));
    expect(await screen.findByTestId("add-host-error")).toHaveTextContent(hostRejection({ name: "hgx-c", storage_root: "data", checkout: null }));
  });

  it("reads the hosts again when one changes, at most twice a second", async () => {
    const { backend } = renderHosts({ hosts: twoHosts() });
    await screen.findAllByTestId("host-card");
    await waitFor(() => expect(backend.callCount("onHostsChanged")).toBe(1));
    const before = backend.callCount("hosts");
    backend.fakeHosts.hosts[0]!.connection = { state: "failed", detail: "ssh: Could not resolve hostname hgx-a" };
    for (let i = 0; i < 10; i++) backend.fakeHosts.emit();
    await waitFor(() => expect(within(card("hgx-a")).getByTestId("host-state")).toHaveTextContent("Cannot connect"));
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(backend.callCount("hosts") - before).toBeGreaterThanOrEqual(1);
    expect(backend.callCount("hosts") - before).toBeLessThanOrEqual(2);
  });

  it("opens a host's page from its name", async () => {
    const { user, onOpenHost } = renderHosts({ hosts: twoHosts() });
    await screen.findAllByTestId("host-card");
    await user.click(within(card("hgx-b")).getByTestId("host-open"));
    expect(onOpenHost).toHaveBeenLastCalledWith("hgx-b");
    await user.click(within(card("hgx-a")).getAllByTestId("gpu-card")[3]!);
    expect(onOpenHost).toHaveBeenLastCalledWith("hgx-a");
    expect(onOpenHost).toHaveBeenCalledTimes(2);
  });
});
