import { fireEvent, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { App } from "./App";
import { ROW_HEIGHT } from "./components/CatalogueList";
import { LIBRI, catalogue, details, many } from "./test/catalogue";
import { renderWith, secrets } from "./test/fixtures";

describe("App", () => {
  it("has only the pages that work and switches between them", async () => {
    const user = userEvent.setup();
    renderWith(<App />, { secrets: secrets() });

    expect(screen.getByText("Hugflow")).toBeInTheDocument();
    const nav = screen.getByRole("navigation");
    expect([...nav.querySelectorAll("button")].map((b) => b.textContent)).toEqual([
      "Catalogue",
      "Local datasets",
      "Settings",
    ]);
    expect(screen.getByTestId("nav-catalogue")).toHaveAttribute("aria-current", "page");
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Catalogue");

    await user.click(screen.getByTestId("nav-local"));
    expect(screen.getByTestId("nav-local")).toHaveAttribute("aria-current", "page");
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Local datasets");
    expect(await screen.findByTestId("checkout-path")).toBeInTheDocument();

    await user.click(screen.getByTestId("nav-settings"));
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Settings");
    expect(screen.getByTestId("nav-settings")).toHaveAttribute("aria-current", "page");
    expect(await screen.findByTestId("secret-hf_token")).toBeInTheDocument();

    await user.click(screen.getByTestId("nav-local"));
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Local datasets");

    await user.click(screen.getByTestId("nav-catalogue"));
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Catalogue");
  });

  it("focuses the catalogue search with Ctrl+K (or Cmd+K) from another page", async () => {
    const user = userEvent.setup();
    renderWith(<App />, { secrets: secrets(), catalogue: catalogue() });
    await user.click(screen.getByTestId("nav-settings"));
    expect(await screen.findByTestId("secret-hf_token")).toBeInTheDocument();
    expect(screen.getByTestId("page-catalogue")).not.toBeVisible();

    await user.keyboard("{Control>}k{/Control}");
    expect(screen.getByTestId("page-catalogue")).toBeVisible();
    expect(screen.getByTestId("nav-catalogue")).toHaveAttribute("aria-current", "page");
    expect(screen.getByTestId("catalogue-search")).toHaveFocus();
    expect(screen.queryByTestId("secret-hf_token")).not.toBeInTheDocument();

    await user.click(screen.getByTestId("nav-local"));
    await user.keyboard("{Meta>}k{/Meta}");
    expect(screen.getByTestId("catalogue-search")).toHaveFocus();
  });

  it("opens a dataset from the catalogue and comes back with the query and the scroll position", async () => {
    const user = userEvent.setup();
    const bulk = many(300);
    const { backend } = renderWith(<App />, {
      catalogue: [...bulk, { ...catalogue()[0]!, downloads: 0 }],
      details: { [LIBRI.id]: details() },
    });
    const search = screen.getByTestId("catalogue-search");
    await user.type(search, "bulk");
    await waitFor(() => expect(screen.getByTestId("catalogue-count")).toHaveTextContent(/^300 datasets/));

    const list = screen.getByTestId("catalogue-results");
    list.scrollTop = 150 * ROW_HEIGHT;
    fireEvent.scroll(list);
    const row = await screen.findByText("bulk/dataset-00150");
    await user.click(row);

    const page = await screen.findByTestId("page-dataset");
    expect(screen.getByTestId("dataset-id")).toHaveTextContent("bulk/dataset-00150");
    expect(screen.getByTestId("page-catalogue")).not.toBeVisible();
    expect(page).toBeVisible();

    await user.click(screen.getByTestId("dataset-back"));
    expect(screen.queryByTestId("page-dataset")).not.toBeInTheDocument();
    expect(screen.getByTestId("catalogue-search")).toHaveValue("bulk");
    expect(screen.getByTestId("catalogue-results").scrollTop).toBe(150 * ROW_HEIGHT);
    await waitFor(() => expect(screen.getByText("bulk/dataset-00150")).toBeVisible());
    expect(screen.getByTestId("catalogue-count")).toHaveTextContent(/^300 datasets/);
    expect(backend.callCount("datasetDetails")).toBe(1);
  });

  it("opens the dataset page with Enter from the search box", async () => {
    const user = userEvent.setup();
    renderWith(<App />, { catalogue: catalogue(), details: { [LIBRI.id]: details() } });
    await user.type(screen.getByTestId("catalogue-search"), "librispeech_asr");
    await waitFor(() => expect(screen.getAllByTestId("catalogue-row")[0]).toHaveAttribute("data-id", LIBRI.id));
    await user.keyboard("{Enter}");
    expect(await screen.findByTestId("dataset-total-size")).toHaveTextContent("4 files, 1.5 GB");
  });
});
