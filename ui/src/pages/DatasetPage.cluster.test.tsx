import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { FakeBackendData } from "../backend/fake";
import { LIBRI, catalogue, details } from "../test/catalogue";
import { clusterStatus } from "../test/cluster";
import { renderWith } from "../test/fixtures";
import { ready } from "../test/hosts";
import { DatasetPage } from "./DatasetPage";

const NAME = "acme__speech__rev_main";

function renderHeldBy(hosts: FakeBackendData["hosts"]) {
  const held = details().held_by[0]!;
  const data: FakeBackendData = {
    catalogue: catalogue(),
    details: { [LIBRI.id]: details({ held_by: [{ ...held, host: "login", storage_name: NAME }] }) },
    hosts,
    clusters: { login: clusterStatus(["n1", "n2"]) },
  };
  const onOpenHost = vi.fn();
  const result = renderWith(<DatasetPage id={LIBRI.id} onBack={vi.fn()} onRequest={vi.fn()} onOpenHost={onOpenHost} />, data);
  return { ...result, onOpenHost, user: userEvent.setup() };
}

describe("DatasetPage's Stage on cluster", () => {
  it("stages a download held by a login node onto its nodes", async () => {
    const { user, backend, onOpenHost } = renderHeldBy([ready("login", { cluster: true })]);
    const row = await screen.findByTestId("cluster-stage-row");
    expect(row).toHaveAttribute("data-host", "login");
    await user.click(within(row).getByTestId("cluster-stage-open"));
    expect(within(row).getByTestId("stage-dataset")).toHaveValue(NAME);
    await user.type(within(row).getByTestId("stage-nodes"), "n1,n2");
    await user.type(within(row).getByTestId("stage-target"), "/local/nvme/datasets");
    await user.click(within(row).getByTestId("stage-submit"));
    expect(await within(row).findByTestId("stage-submitted")).toHaveTextContent("Submitted staging job");
    expect(backend.fakeHosts.staged).toEqual([{ host: "login", storageName: NAME, spec: { nodes: "n1,n2", partition: null, nodes_count: null, target: "/local/nvme/datasets" } }]);
    await user.click(within(row).getByTestId("cluster-stage-host"));
    expect(onOpenHost).toHaveBeenCalledWith("login");
  });

  it("is not offered when no login node holds it", async () => {
    renderHeldBy([ready("login")]);
    expect(await screen.findByTestId("host-sync")).toBeInTheDocument();
    expect(screen.queryByTestId("cluster-stage")).toBeNull();
  });
});
