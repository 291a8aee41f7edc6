import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { apiError } from "../backend/errors";
import { ConfirmRemove } from "./ConfirmRemove";

function renderRemove(onConfirm: () => Promise<unknown>) {
  render(
    <ConfirmRemove
      className="host-remove"
      testId="host-remove"
      label="Remove host"
      question="Stop watching hgx-a and forget it? Nothing on the host is deleted."
      confirmLabel="Remove"
      onConfirm={onConfirm}
    />,
  );
  return userEvent.setup();
}

describe("ConfirmRemove", () => {
  it("asks first, and Keep goes back without removing", async () => {
    const onConfirm = vi.fn(() => Promise.resolve());
    const user = renderRemove(onConfirm);
    await user.click(screen.getByTestId("host-remove"));
    expect(screen.getByRole("group", { name: "Confirm removal" })).toHaveTextContent("Stop watching hgx-a and forget it? Nothing on the host is deleted.");
    await user.click(screen.getByRole("button", { name: "Keep" }));
    expect(screen.getByTestId("host-remove")).toHaveTextContent("Remove host");
    expect(onConfirm).not.toHaveBeenCalled();

    await user.click(screen.getByTestId("host-remove"));
    await user.click(screen.getByTestId("host-remove-confirm"));
    expect(onConfirm).toHaveBeenCalledTimes(1);
  });

  it("shows why a removal failed and lets it be tried again", async () => {
    const onConfirm = vi.fn().mockRejectedValueOnce(apiError("io", "cannot write hosts.json: disk full")).mockResolvedValueOnce(undefined);
    const user = renderRemove(onConfirm);
    await user.click(screen.getByTestId("host-remove"));
    await user.click(screen.getByTestId("host-remove-confirm"));
    expect(await screen.findByRole("alert")).toHaveTextContent("cannot write hosts.json: disk full");
    expect(screen.getByTestId("host-remove-confirm")).toBeEnabled();
    await user.click(screen.getByTestId("host-remove-confirm"));
    await waitFor(() => expect(screen.queryByRole("alert")).not.toBeInTheDocument());
    expect(onConfirm).toHaveBeenCalledTimes(2);
  });
});
