import { describe, expect, it } from "vitest";
import { isRepoName } from "./fakeRequests";

describe("isRepoName", () => {
  it("takes owner/name or a pasted repository URL", () => {
    expect(isRepoName("my-team/datasets-gitops")).toBe(true);
    expect(isRepoName(" https://github.com/my-team/datasets-gitops.git/ ")).toBe(true);
    for (const bad of ["my-team", "a/b/c", "a/..", "not a repo", "https://github.com/my-team"]) expect(isRepoName(bad)).toBe(false);
  });
});
