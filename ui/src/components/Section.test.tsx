import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { Section } from "./Section";

describe("Section", () => {
  it("is a region named by its heading, with the aside beside the heading and the body after", () => {
    render(
      <Section id="gpu-processes" title="GPU processes" testId="gpu-processes" state="ready" aside={<button type="button">Refresh</button>}>
        <p>No compute process on the GPUs.</p>
      </Section>,
    );
    const region = screen.getByRole("region", { name: "GPU processes" });
    const heading = within(region).getByRole("heading", { level: 2, name: "GPU processes" });
    expect(heading).toHaveAttribute("id", "gpu-processes-title");
    const head = heading.parentElement!;
    expect(within(head).getByRole("button", { name: "Refresh" })).toBeInTheDocument();
    expect(within(head).queryByText("No compute process on the GPUs.")).not.toBeInTheDocument();
    expect(region).toHaveTextContent(/^GPU processesRefreshNo compute process on the GPUs\.$/);
    expect(region).toHaveAttribute("data-testid", "gpu-processes");
    expect(region).toHaveAttribute("data-state", "ready");
  });

  it("leaves out the test id and state when it is given none", () => {
    render(
      <Section id="about" title="About">
        <p>Version 0.2.0</p>
      </Section>,
    );
    const region = screen.getByRole("region", { name: "About" });
    expect(region).not.toHaveAttribute("data-testid");
    expect(region).not.toHaveAttribute("data-state");
    expect(within(region).getByRole("heading", { name: "About" }).parentElement).toHaveTextContent(/^About$/);
  });
});
