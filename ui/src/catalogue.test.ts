import { describe, expect, it } from "vitest";
import { DEFAULT_VIEW, EMPTY_FILTERS, activeFilterCount, hubUrl, parseView, safeUrl } from "./catalogue";
import { groupTags, parseTag } from "./tags";

describe("parseView", () => {
  it("reads back a saved view", () => {
    const view = { sort: "likes", filters: { ...EMPTY_FILTERS, languages: ["ms"], gated: false, on_host: true } };
    expect(parseView(JSON.stringify(view))).toEqual(view);
  });

  it("falls back to the defaults on anything malformed", () => {
    expect(parseView(null)).toEqual(DEFAULT_VIEW);
    expect(parseView("{not json")).toEqual(DEFAULT_VIEW);
    expect(parseView("42")).toEqual(DEFAULT_VIEW);
    expect(parseView(JSON.stringify({ sort: "random", filters: { tasks: "asr", languages: ["en", 3], gated: "yes" } }))).toEqual({
      sort: "relevance",
      filters: { ...EMPTY_FILTERS, languages: ["en"] },
    });
  });
});

describe("activeFilterCount", () => {
  it("counts facet values, the gated choice and on-host", () => {
    expect(activeFilterCount(EMPTY_FILTERS)).toBe(0);
    expect(activeFilterCount({ ...EMPTY_FILTERS, tasks: ["a", "b"], gated: true, on_host: true })).toBe(4);
  });
});

describe("urls", () => {
  it("builds the Hub page from the endpoint", () => {
    expect(hubUrl("https://huggingface.co/", "a/b")).toBe("https://huggingface.co/datasets/a/b");
    expect(hubUrl("http://127.0.0.1:8080", "a/b")).toBe("http://127.0.0.1:8080/datasets/a/b");
  });

  it("keeps only http(s) links (and data images where asked)", () => {
    expect(safeUrl("https://huggingface.co/x")).toBe("https://huggingface.co/x");
    expect(safeUrl("javascript:alert(1)")).toBeNull();
    expect(safeUrl("data:image/png;base64,AAAA")).toBeNull();
    expect(safeUrl("data:image/png;base64,AAAA", true)).toBe("data:image/png;base64,AAAA");
    expect(safeUrl("data:text/html,<script>", true)).toBeNull();
    expect(safeUrl(42)).toBeNull();
  });
});

describe("tags", () => {
  it("splits kind and value at the first colon", () => {
    expect(parseTag("size_categories:1K<n<10K")).toEqual({ kind: "size_categories", value: "1K<n<10K" });
    expect(parseTag("arxiv:2104.02723")).toEqual({ kind: "arxiv", value: "2104.02723" });
    expect(parseTag("speech")).toEqual({ kind: "", value: "speech" });
  });

  it("groups tags by kind, known kinds first, bare tags last", () => {
    const groups = groupTags(["speech", "region:us", "language:ms", "task_categories:translation", "language:en", "language:en"]);
    expect(groups.map((g) => [g.label, g.values])).toEqual([
      ["Tasks", ["translation"]],
      ["Languages", ["ms", "en"]],
      ["Region", ["us"]],
      ["Other", ["speech"]],
    ]);
  });
});
