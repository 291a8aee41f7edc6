import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderWith } from "../test/fixtures";
import { RequestStateView } from "./RequestStateView";

describe("RequestStateView", () => {
  it("shows a held request's data path and why a person must merge it", () => {
    renderWith(
      <RequestStateView
        name="acme/speech"
        state={{
          state: "held",
          path: "/data/datasets/acme__speech__rev_main",
          size_bytes: 3221225472,
          reason: { kind: "other_changes", paths: ["scripts/train.sh"] },
          message: "This PR also changes scripts/train.sh, which a person must review.",
        }}
      />,
    );
    expect(screen.getByTestId("request-state")).toHaveTextContent("Downloaded, waiting for a person to merge");
    expect(screen.getByTestId("request-state-detail")).toHaveTextContent(
      "/data/datasets/acme__speech__rev_main (3.0 GB)",
    );
    expect(screen.getByTestId("request-held-message")).toHaveTextContent(
      "This PR also changes scripts/train.sh, which a person must review.",
    );
  });
});
