import { fireEvent, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { renderWith } from "../test/fixtures";
import { SplitsSection } from "./SplitsSection";

const ID = "acme/gated-voice";

describe("SplitsSection", () => {
  it("says why the viewer listed no splits instead of 'no splits'", () => {
    const note =
      "the dataset viewer at datasets-server.huggingface.co shows `acme/gated-voice` only with a token (it is gated or private, or does not exist; ExternalUnauthenticatedError): set a Hugging Face token the viewer accepts in Settings or HF_TOKEN";
    renderWith(<SplitsSection id={ID} splits={[]} note={note} />);
    expect(screen.getByTestId("dataset-splits-note")).toHaveTextContent(
      "Splits not shown: The dataset viewer at datasets-server.huggingface.co shows `acme/gated-voice` only with a token",
    );
    expect(screen.queryByText("The dataset viewer lists no splits for this dataset.")).toBeNull();
  });

  it("offers a Retry when the viewer has not computed the splits yet, and only then", () => {
    const note =
      "the dataset viewer at datasets-server.huggingface.co has not computed its /splits answer for `acme/gated-voice` yet (ResponseNotReady): it is not ready; try again in a few minutes";
    const onRetry = vi.fn();
    renderWith(<SplitsSection id={ID} splits={[]} note={note} noteCode="viewer_not_ready" onRetry={onRetry} />);
    expect(screen.getByTestId("dataset-splits-note")).toHaveTextContent("Splits not shown: The dataset viewer at datasets-server.huggingface.co has not computed");
    expect(screen.getByTestId("dataset-splits-note")).toHaveTextContent("not ready; try again in a few minutes");
    fireEvent.click(screen.getByTestId("dataset-splits-retry"));
    expect(onRetry).toHaveBeenCalledTimes(1);

    renderWith(<SplitsSection id={ID} splits={[]} note="blocked there" noteCode="viewer_unavailable" onRetry={onRetry} />);
    expect(screen.getAllByTestId("dataset-splits-note")).toHaveLength(2);
    expect(screen.getAllByTestId("dataset-splits-retry")).toHaveLength(1);
  });

  it("shows a partial conversion's rows as an estimate", () => {
    const entry = {
      dataset: ID,
      config: "ms",
      split: null,
      num_rows: 300,
      estimated_num_rows: 900,
      num_bytes_original_files: null,
      num_bytes_parquet_files: 2048,
      num_bytes_memory: null,
    };
    const size = { size: { dataset: null, config: entry, configs: [], splits: [] }, partial: true };
    renderWith(<SplitsSection id={ID} splits={[]} size={size} />);
    expect(screen.getByTestId("dataset-viewer-size")).toHaveTextContent(
      "about 900 rows, 2.0 KB as parquet (partial conversion: the viewer converted 300 rows)",
    );
    renderWith(<SplitsSection id={ID} splits={[]} size={{ ...size, partial: false, size: { ...size.size, config: { ...entry, estimated_num_rows: null } } }} />);
    expect(screen.getAllByTestId("dataset-viewer-size")[1]).toHaveTextContent(/^300 rows, 2.0 KB as parquet$/);
  });
});
