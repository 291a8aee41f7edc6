import { describe, expect, it } from "vitest";
import { initialForm, stateLabel, toDraft } from "./requests";

describe("toDraft", () => {
  it("leaves empty options to the defaults and drops the split without a subset", () => {
    const form = { ...initialForm({ kind: "add", hfId: "a/b" }), description: "why", revision: "", split: "test" };
    expect(toDraft(form)).toEqual({
      kind: "add",
      hf_id: "a/b",
      description: "why",
      revision: null,
      subset: null,
      split: null,
      audio_column: "audio",
      text_column: "text",
    });
    expect(toDraft({ ...form, subset: "ms" })).toMatchObject({ subset: "ms", split: "test" });
  });

  it("removes the first download a host holds by default", () => {
    const heldBy = [{ host: "hgx", storage_name: "a__b__rev_main", hf_id: "a/b", revision: "main", subset: null, split: "train", path: null, size_bytes: null, file_count: null, added_at: "" }];
    expect(toDraft({ ...initialForm({ kind: "remove", hfId: "a/b", heldBy }), reason: "unused" })).toEqual({
      kind: "remove",
      hf_id: "a/b",
      reason: "unused",
      storage_name: "a__b__rev_main",
    });
  });
});

describe("stateLabel", () => {
  it("says where each request stands", () => {
    expect(stateLabel({ state: "pr_open" })).toBe("Waiting for the runner");
    expect(stateLabel({ state: "downloading", percent: 40, eta_seconds: null })).toBe("Downloading 40 %");
    expect(stateLabel({ state: "downloading", percent: 12.34, eta_seconds: 5 })).toBe("Downloading 12.3 %");
    expect(stateLabel({ state: "complete", path: "/data/x", size_bytes: 3221225472 })).toBe("On the server: /data/x (3.0 GB)");
    expect(stateLabel({ state: "closed" })).toBe("Closed without merging");
  });
});
