import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { demoSpaces } from "../backend/demoSpaces";
import { apiError } from "../backend/errors";
import type { FakeBackendData } from "../backend/fake";
import { renderWith } from "../test/fixtures";
import { SpacesPage } from "./SpacesPage";

function renderSpaces(data: FakeBackendData = demoSpaces()) {
  const result = renderWith(<SpacesPage />, data);
  return { ...result, user: userEvent.setup() };
}

const space = (id: string) => screen.getAllByTestId("space-row").find((r) => r.dataset.space === id)!;

describe("SpacesPage", () => {
  it("lists each watched Space with its role, stage, hardware, a worker's iterations and errors", async () => {
    renderSpaces();
    await waitFor(() =>
      expect(screen.getAllByTestId("space-row").map((r) => [r.dataset.space, within(r).getByTestId("space-role").textContent])).toEqual([
        ["acme-ml/dataset-prepare", "prepare"],
        ["acme-ml/retrain-department", "retrain department"],
        ["acme-ml/retrain-intent", "retrain intent"],
        ["acme-ml/asr-worker", "worker"],
        ["acme-ml/eval-worker", "worker"],
      ]),
    );
    const stage = (id: string) => within(space(id)).getByTestId("space-stage");
    expect(stage("acme-ml/dataset-prepare")).toHaveTextContent("RUNNING");
    expect(stage("acme-ml/dataset-prepare")).toHaveAttribute("data-tone", "ok");
    expect(stage("acme-ml/retrain-department")).toHaveAttribute("data-tone", "paused");
    expect(stage("acme-ml/retrain-intent")).toHaveAttribute("data-tone", "error");
    expect(stage("acme-ml/eval-worker")).toHaveTextContent("unknown");
    expect(within(space("acme-ml/dataset-prepare")).getByTestId("space-hardware")).toHaveTextContent("cpu-upgrade");
    expect(within(space("acme-ml/retrain-department")).getByTestId("space-hardware")).toHaveTextContent("none (a10g-small when running)");
    expect(within(space("acme-ml/asr-worker")).getByTestId("space-iterations")).toHaveTextContent("Iteration 37 in acme-ml/asr-worker-results");
    expect(within(space("acme-ml/dataset-prepare")).queryByTestId("space-iterations")).not.toBeInTheDocument();
    expect(within(space("acme-ml/eval-worker")).getByTestId("space-error")).toHaveTextContent("acme-ml/eval-worker was not found on the Hub");
    expect(within(space("acme-ml/retrain-department")).getByTestId("space-pause")).toBeDisabled();
  });

  it("restarts a Space only after the confirmation, then shows its new stage", async () => {
    const { user, backend } = renderSpaces();
    await screen.findAllByTestId("space-row");
    const row = space("acme-ml/retrain-department");
    await user.click(within(row).getByTestId("space-restart"));
    expect(within(row).getByRole("group", { name: "Confirm restart" })).toHaveTextContent("Restart acme-ml/retrain-department?");
    expect(backend.fakeSpaces.restarted).toEqual([]);
    await user.click(within(row).getByTestId("space-confirm"));
    await waitFor(() => expect(within(space("acme-ml/retrain-department")).getByTestId("space-stage")).toHaveTextContent("RUNNING"));
    expect(backend.fakeSpaces.restarted).toEqual(["acme-ml/retrain-department"]);
    expect(within(space("acme-ml/retrain-department")).getByTestId("space-hardware")).toHaveTextContent("a10g-small");
    expect(within(space("acme-ml/retrain-department")).queryByTestId("space-confirm")).not.toBeInTheDocument();
  });

  it("pauses after the confirmation, and Cancel sends nothing", async () => {
    const { user, backend } = renderSpaces();
    await screen.findAllByTestId("space-row");
    await user.click(within(space("acme-ml/asr-worker")).getByTestId("space-pause"));
    await user.click(within(space("acme-ml/asr-worker")).getByTestId("space-cancel"));
    expect(within(space("acme-ml/asr-worker")).queryByTestId("space-confirm")).not.toBeInTheDocument();
    expect(backend.callCount("pauseSpace")).toBe(0);

    await user.click(within(space("acme-ml/asr-worker")).getByTestId("space-pause"));
    expect(within(space("acme-ml/asr-worker")).getByTestId("space-confirm")).toHaveTextContent("Pause");
    await user.click(within(space("acme-ml/asr-worker")).getByTestId("space-confirm"));
    await waitFor(() => expect(within(space("acme-ml/asr-worker")).getByTestId("space-stage")).toHaveTextContent("PAUSED"));
    expect(backend.fakeSpaces.paused).toEqual(["acme-ml/asr-worker"]);
    expect(within(space("acme-ml/asr-worker")).getByTestId("space-pause")).toBeDisabled();
  });

  it("shows why the Hub refused, e.g. a token without write access", async () => {
    const { user, backend } = renderSpaces({ ...demoSpaces(), spacesReadOnly: true });
    await screen.findAllByTestId("space-row");
    const row = space("acme-ml/dataset-prepare");
    await user.click(within(row).getByTestId("space-restart"));
    await user.click(within(row).getByTestId("space-confirm"));
    const banner = await within(row).findByTestId("error-banner");
    expect(banner).toHaveTextContent("the Hugging Face token cannot change acme-ml/dataset-prepare: it needs write access to the Space");
    expect(banner).toHaveTextContent("403 Forbidden");
    expect(within(row).getByTestId("space-stage")).toHaveTextContent("RUNNING");
    expect(backend.fakeSpaces.restarted).toEqual([]);
    await user.click(within(row).getByRole("button", { name: "Dismiss error" }));
    expect(within(row).queryByTestId("error-banner")).not.toBeInTheDocument();
  });

  it("starts empty, saves the Spaces to watch and lists them", async () => {
    const { user, backend } = renderSpaces({ hubSpaces: demoSpaces().hubSpaces, iterations: demoSpaces().iterations });
    expect(await screen.findByTestId("spaces-empty")).toHaveTextContent("No Space is watched yet.");
    await user.type(screen.getByTestId("spaces-prepare"), "acme-ml/dataset-prepare");
    await user.click(screen.getByTestId("spaces-add-retrain"));
    await user.type(screen.getByTestId("spaces-retrain-0-0"), "department");
    await user.type(screen.getByTestId("spaces-retrain-1-0"), "acme-ml/retrain-department");
    await user.click(screen.getByTestId("spaces-add-worker"));
    await user.type(screen.getByTestId("spaces-worker-0-0"), "acme-ml/asr-worker");
    await user.type(screen.getByTestId("spaces-worker-1-0"), "acme-ml/asr-worker-results");
    // A row added and left blank is dropped.
    await user.click(screen.getByTestId("spaces-add-worker"));
    await user.click(screen.getByTestId("spaces-save"));

    expect(await screen.findByTestId("spaces-settings-saved")).toHaveTextContent("Saved.");
    expect(backend.fakeSpaces.settings).toEqual({
      prepare: "acme-ml/dataset-prepare",
      retrain: [{ label: "department", space: "acme-ml/retrain-department" }],
      workers: [{ space: "acme-ml/asr-worker", results_dataset: "acme-ml/asr-worker-results" }],
    });
    await waitFor(() => expect(screen.getAllByTestId("space-row").map((r) => r.dataset.space)).toEqual(["acme-ml/dataset-prepare", "acme-ml/retrain-department", "acme-ml/asr-worker"]));
    expect(screen.queryByTestId("spaces-empty")).not.toBeInTheDocument();
  });

  it("shows the backend's reason when the settings are refused, and removes a row", async () => {
    const { user, backend } = renderSpaces();
    await screen.findAllByTestId("space-row");
    await user.clear(screen.getByTestId("spaces-prepare"));
    await user.type(screen.getByTestId("spaces-prepare"), "dataset-prepare");
    await user.click(screen.getByTestId("spaces-save"));
    expect(await screen.findByTestId("spaces-settings-error")).toHaveTextContent('The prepare Space "dataset-prepare" is not a Hub id: use owner/name');
    expect(backend.fakeSpaces.settings.prepare).toBe("acme-ml/dataset-prepare");

    await user.clear(screen.getByTestId("spaces-prepare"));
    await user.click(screen.getByRole("button", { name: "Remove Retrain Spaces row 2" }));
    expect(screen.getAllByTestId("spaces-retrain-row")).toHaveLength(1);
    await user.click(screen.getByTestId("spaces-save"));
    await screen.findByTestId("spaces-settings-saved");
    expect(backend.fakeSpaces.settings.prepare).toBeNull();
    expect(backend.fakeSpaces.settings.retrain).toEqual([{ label: "department", space: "acme-ml/retrain-department" }]);
    await waitFor(() => expect(screen.queryAllByTestId("space-row").map((r) => r.dataset.space)).not.toContain("acme-ml/dataset-prepare"));
  });

  it("shows why the Spaces could not be read, and reads them again on Refresh", async () => {
    const { backend } = renderWith(<SpacesPage />, demoSpaces(), (b) => b.failNext("spaces", apiError("offline", "cannot reach https://huggingface.co/")));
    expect(await screen.findByTestId("error-banner")).toHaveTextContent("cannot reach https://huggingface.co/");
    await userEvent.setup().click(screen.getByTestId("spaces-refresh"));
    expect(await screen.findAllByTestId("space-row")).toHaveLength(5);
    expect(screen.queryByTestId("error-banner")).not.toBeInTheDocument();
    expect(backend.callCount("spaces")).toBe(2);
  });
});
