import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeAll, describe, expect, it } from "vitest";
import { App } from "./App";
import { ROW_HEIGHT } from "./components/CatalogueList";
import { LIBRI, catalogue, details, many } from "./test/catalogue";
import { renderWith, secrets } from "./test/fixtures";
import { twoHosts } from "./test/hosts";
import { REPO, configured } from "./test/requests";
import { enterText } from "./test/enterText";
import { preloadPages } from "./lazyPages";

// Every page loaded up front, as the app does once it is up: pages then render at once.
beforeAll(() => preloadPages());

describe("App", () => {
  it("has only the pages that work and switches between them", async () => {
    const user = userEvent.setup();
    renderWith(<App />, { secrets: secrets() });

    expect(screen.getByText("Hugflow")).toBeInTheDocument();
    const nav = screen.getByRole("navigation");
    expect([...nav.querySelectorAll("button")].map((b) => b.textContent)).toEqual([
      "Catalogue",
      "Requests",
      "Hosts",
      "Runs",
      "Retrain",
      "Spaces",
      "Local datasets",
      "Settings",
    ]);
    expect(screen.getByTestId("nav-catalogue")).toHaveAttribute("aria-current", "page");
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Catalogue");

    await user.click(screen.getByTestId("nav-requests"));
    expect(screen.getByTestId("nav-requests")).toHaveAttribute("aria-current", "page");
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Requests");
    expect(await screen.findByTestId("requests-not-configured")).toBeInTheDocument();

    await user.click(screen.getByTestId("nav-hosts"));
    expect(screen.getByTestId("nav-hosts")).toHaveAttribute("aria-current", "page");
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Hosts");
    expect(await screen.findByTestId("hosts-empty")).toBeInTheDocument();

    await user.click(screen.getByTestId("nav-runs"));
    expect(screen.getByTestId("nav-runs")).toHaveAttribute("aria-current", "page");
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Runs");
    expect(await screen.findByTestId("runs-no-source")).toBeInTheDocument();

    await user.click(screen.getByTestId("nav-retrain"));
    expect(screen.getByTestId("nav-retrain")).toHaveAttribute("aria-current", "page");
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Retrain");
    expect(await screen.findByTestId("retrain-no-checkout")).toBeInTheDocument();

    await user.click(screen.getByTestId("nav-spaces"));
    expect(screen.getByTestId("nav-spaces")).toHaveAttribute("aria-current", "page");
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Spaces");
    expect(await screen.findByTestId("spaces-empty")).toBeInTheDocument();

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

  it("requests a dataset from its page, comes back to it, and follows the PR on the Requests page", async () => {
    const user = userEvent.setup();
    const { backend } = renderWith(<App />, {
      catalogue: catalogue(),
      details: { [LIBRI.id]: details({ held_by: [] }) },
      requestSettings: configured(),
    });
    await user.type(screen.getByTestId("catalogue-search"), "librispeech_asr");
    await waitFor(() => expect(screen.getAllByTestId("catalogue-row")[0]).toHaveAttribute("data-id", LIBRI.id));
    await user.keyboard("{Enter}");
    await user.click(await screen.findByTestId("request-dataset"));

    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Request a dataset");
    expect(screen.getByTestId("request-hf-id")).toHaveValue(LIBRI.id);
    expect(screen.getByTestId("page-dataset")).not.toBeVisible();
    await user.click(screen.getByTestId("request-back"));
    expect(screen.getByTestId("page-dataset")).toBeVisible();
    expect(screen.queryByTestId("page-request")).not.toBeInTheDocument();

    await user.click(screen.getByTestId("request-dataset"));
    await enterText(user, screen.getByTestId("request-description"), "English ASR baseline");
    await waitFor(() => expect(screen.getByTestId("request-create")).toBeEnabled());
    await user.click(screen.getByTestId("request-create"));
    expect(await screen.findByTestId("request-pr-link")).toHaveTextContent(`https://github.com/${REPO}/pull/1`);

    await user.click(screen.getByTestId("request-go-requests"));
    expect(screen.getByTestId("nav-requests")).toHaveAttribute("aria-current", "page");
    const row = await screen.findByTestId("request-row-1");
    expect(row).toHaveAttribute("data-state", "pr_open");
    expect(row).toHaveTextContent(`Add dataset ${LIBRI.id}`);
    expect(row).toHaveTextContent("You");
    // The dataset page once (it stays loaded under the form), then each of the two forms.
    expect(backend.callCount("datasetDetails")).toBe(3);
  });

  it("opens a blank request form from the Requests page and goes back to it", async () => {
    const user = userEvent.setup();
    renderWith(<App />, { requestSettings: configured() });
    await user.click(screen.getByTestId("nav-requests"));
    await user.click(await screen.findByTestId("requests-new"));
    expect(screen.getByTestId("request-hf-id")).toHaveValue("");
    expect(screen.getByTestId("request-back")).toHaveTextContent("← Requests");
    await user.click(screen.getByTestId("request-back"));
    expect(await screen.findByTestId("requests-empty")).toBeInTheDocument();
  });

  it("opens a host's page from the Hosts page and goes back", async () => {
    const user = userEvent.setup();
    renderWith(<App />, { hosts: twoHosts() });
    await user.click(screen.getByTestId("nav-hosts"));
    const cards = await screen.findAllByTestId("host-card");
    await user.click(within(cards[1]!).getByTestId("host-open"));
    expect(await screen.findByTestId("host-page")).toHaveAttribute("data-host", "hgx-b");
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("hgx-b");
    expect(screen.queryByTestId("hosts-page")).not.toBeInTheDocument();
    await user.click(screen.getByTestId("host-back"));
    expect(await screen.findByTestId("hosts-page")).toBeInTheDocument();
    await user.click(screen.getByTestId("nav-catalogue"));
    expect(screen.queryByTestId("hosts-page")).not.toBeInTheDocument();
  });
});
