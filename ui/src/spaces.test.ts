import { describe, expect, it } from "vitest";
import { canPause, draftOf, hardwareText, settingsOf, stageTone } from "./spaces";

describe("stages", () => {
  it("colours the Hub's stages", () => {
    expect(stageTone("RUNNING")).toBe("ok");
    expect(stageTone("PAUSED")).toBe("paused");
    expect(stageTone("SLEEPING")).toBe("paused");
    expect(stageTone("BUILDING")).toBe("busy");
    expect(stageTone("RUNNING_BUILDING")).toBe("busy");
    expect(stageTone("APP_STARTING")).toBe("busy");
    expect(stageTone("RUNTIME_ERROR")).toBe("error");
    expect(stageTone("BUILD_ERROR")).toBe("error");
    expect(stageTone(null)).toBe("unknown");
  });

  it("offers Pause only for a Space that is known and not paused", () => {
    expect(canPause("RUNNING")).toBe(true);
    expect(canPause("RUNTIME_ERROR")).toBe(true);
    expect(canPause("PAUSED")).toBe(false);
    expect(canPause(null)).toBe(false);
  });

  it("says what hardware a paused Space gets back", () => {
    expect(hardwareText({ hardware: "a10g-small", requested_hardware: "a10g-small" })).toBe("a10g-small");
    expect(hardwareText({ hardware: null, requested_hardware: "a10g-small" })).toBe("none (a10g-small when running)");
    expect(hardwareText({ hardware: null, requested_hardware: null })).toBe("—");
  });
});

describe("settings drafts", () => {
  it("round-trips settings", () => {
    const settings = {
      prepare: "acme/prepare",
      retrain: [{ label: "department", space: "acme/retrain-department" }],
      workers: [{ space: "acme/worker", results_dataset: null }],
    };
    expect(settingsOf(draftOf(settings))).toEqual(settings);
  });

  it("trims, turns empty fields into null and drops blank rows", () => {
    expect(
      settingsOf({
        prepare: "  ",
        retrain: [
          { label: " intent ", space: " acme/retrain-intent " },
          { label: "", space: "  " },
        ],
        workers: [
          { space: "acme/worker", results: " " },
          { space: "", results: "" },
          { space: "", results: "acme/results" },
        ],
      }),
    ).toEqual({
      prepare: null,
      retrain: [{ label: "intent", space: "acme/retrain-intent" }],
      workers: [
        { space: "acme/worker", results_dataset: null },
        { space: "", results_dataset: "acme/results" },
      ],
    });
  });
});
