import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { App } from "./App";
import { renderWith, secrets } from "./test/fixtures";

describe("App", () => {
  it("has only the pages that work and switches between them", async () => {
    const user = userEvent.setup();
    renderWith(<App />, { secrets: secrets() });

    expect(screen.getByText("Hugflow")).toBeInTheDocument();
    const nav = screen.getByRole("navigation");
    expect(nav.querySelectorAll("button")).toHaveLength(2);
    expect(screen.getByTestId("nav-local")).toHaveAttribute("aria-current", "page");
    expect(await screen.findByTestId("checkout-path")).toBeInTheDocument();

    await user.click(screen.getByTestId("nav-settings"));
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Settings");
    expect(screen.getByTestId("nav-settings")).toHaveAttribute("aria-current", "page");
    expect(await screen.findByTestId("secret-hf_token")).toBeInTheDocument();

    await user.click(screen.getByTestId("nav-local"));
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Local datasets");
  });
});
