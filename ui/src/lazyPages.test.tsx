import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { App } from "./App";
import { renderWith, secrets } from "./test/fixtures";

// No preloadPages here: a page's first visit loads its script while a fallback shows.
describe("pages loaded on first use", () => {
  it("shows a page whose script was not loaded yet, and the catalogue stays as it was", async () => {
    const user = userEvent.setup();
    renderWith(<App />, { secrets: secrets() });
    await user.type(screen.getByTestId("catalogue-search"), "speech");
    await user.click(screen.getByTestId("nav-settings"));
    // The first visit transforms and loads the page's script: allow a busy machine time.
    expect(
      await screen.findByTestId("secret-hf_token", {}, { timeout: 10_000 }),
    ).toBeInTheDocument();
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Settings");
    await user.click(screen.getByTestId("nav-catalogue"));
    expect(screen.getByTestId("catalogue-search")).toHaveValue("speech");
  }, 20_000);
});
