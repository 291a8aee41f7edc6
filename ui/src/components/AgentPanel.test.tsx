import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { installedAgent } from "../backend/hostBuilders";
import type { AgentState } from "../bindings/AgentState";
import { renderWith } from "../test/fixtures";
import { ready } from "../test/hosts";
import { AgentPanel } from "./AgentPanel";

function renderPanel(agent: AgentState) {
  const host = ready("hgx-a", { agent });
  const result = renderWith(<AgentPanel host={host} />, { hosts: [host], agentVersion: "0.2.0" });
  return { ...result, panel: screen.getByTestId("agent-panel"), user: userEvent.setup() };
}

describe("AgentPanel", () => {
  it("shows both versions and nothing to do when they are the same", () => {
    const { panel } = renderPanel(installedAgent("0.2.0", "0.2.0", "same"));
    expect(within(panel).getByTestId("agent-state")).toHaveTextContent("hugflow 0.2.0 on the host · this app 0.2.0");
    expect(within(panel).queryByTestId("agent-version-note")).not.toBeInTheDocument();
    expect(within(panel).queryByTestId("agent-install")).not.toBeInTheDocument();
  });

  it("offers to upgrade an older hugflow on the host", async () => {
    const { panel, user, backend } = renderPanel(installedAgent("0.1.0", "0.2.0", "older"));
    expect(within(panel).getByTestId("agent-state")).toHaveTextContent("hugflow 0.1.0 on the host · this app 0.2.0");
    expect(within(panel).getByTestId("agent-version-note")).toHaveTextContent("The host's hugflow is older than this app");
    expect(within(panel).getByTestId("agent-consent")).toBeInTheDocument();
    const upgrade = within(panel).getByTestId("agent-install");
    expect(upgrade).toHaveTextContent("Upgrade hugflow on this host");
    await user.click(upgrade);
    expect(backend.callCount("installAgent")).toBe(1);
    await waitFor(() => expect(backend.fakeHosts.hosts[0]!.agent).toEqual(installedAgent("0.2.0", "0.2.0", "same", "~/.local/bin/hugflow")));
  });

  it("asks for a newer Hugflow Desktop, without offering a downgrade, when the host's is newer", () => {
    const { panel } = renderPanel(installedAgent("0.3.0", "0.2.0", "newer"));
    expect(within(panel).getByTestId("agent-state")).toHaveTextContent("hugflow 0.3.0 on the host · this app 0.2.0");
    expect(within(panel).getByTestId("agent-version-note")).toHaveTextContent("upgrade Hugflow Desktop");
    expect(within(panel).queryByTestId("agent-install")).not.toBeInTheDocument();
    expect(within(panel).queryByTestId("agent-consent")).not.toBeInTheDocument();
  });

  it("offers a reinstall when the versions cannot be compared", async () => {
    const { panel, user, backend } = renderPanel(installedAgent("0.3.0-rc.1", "0.2.0", "unknown"));
    expect(within(panel).getByTestId("agent-state")).toHaveTextContent("hugflow 0.3.0-rc.1 on the host · this app 0.2.0");
    expect(within(panel).getByTestId("agent-version-note")).toHaveTextContent("cannot be compared");
    const reinstall = within(panel).getByTestId("agent-install");
    expect(reinstall).toHaveTextContent("Reinstall hugflow on this host");
    await user.click(reinstall);
    expect(backend.callCount("installAgent")).toBe(1);
  });
});
