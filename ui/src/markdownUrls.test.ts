import { describe, expect, it } from "vitest";
import { markdownUrl, safeImageUrl, safeLinkUrl } from "./markdownUrls";

describe("safeLinkUrl", () => {
  it("keeps http, https and mailto", () => {
    expect(safeLinkUrl("https://huggingface.co/docs")).toBe("https://huggingface.co/docs");
    expect(safeLinkUrl("HTTP://example.com")).toBe("http://example.com/");
    expect(safeLinkUrl("mailto:team@example.com")).toBe("mailto:team@example.com");
  });

  it("drops script, data, file and relative URLs", () => {
    for (const url of ["javascript:alert(1)", " JavaScript:alert(1)", "java\nscript:alert(1)", "data:text/html,<b>x</b>", "file:///etc/passwd", "vbscript:x", "#section", "data/train.csv", "//evil.example/x", ""]) {
      expect(safeLinkUrl(url), url).toBeNull();
    }
  });
});

describe("safeImageUrl", () => {
  it("keeps https", () => {
    expect(safeImageUrl("https://huggingface.co/logo.png")).toBe("https://huggingface.co/logo.png");
  });

  it("drops plain http (also on loopback), look-alike hosts, data and script URLs", () => {
    for (const url of ["http://example.com/a.png", "http://127.0.0.1:8080/a.png", "http://127.0.0.1.evil.example/a.png", "http://localhost/a.png", "data:image/png;base64,AAAA", "javascript:alert(1)", "x", "mailto:a@b.c"]) {
      expect(safeImageUrl(url), url).toBeNull();
    }
  });
});

describe("markdownUrl", () => {
  it("applies the image rule to src and the link rule to anything else", () => {
    expect(markdownUrl("mailto:a@b.c", "href")).toBe("mailto:a@b.c");
    expect(markdownUrl("mailto:a@b.c", "src")).toBeNull();
    expect(markdownUrl("http://example.com/", "href")).toBe("http://example.com/");
    expect(markdownUrl("http://example.com/", "src")).toBeNull();
  });
});
