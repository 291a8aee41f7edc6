import { describe, expect, it } from "vitest";
import type { Draft } from "../bindings/Draft";
import { hostAnswer, plannedDraft, requestSettingsAnswer, ruleFixtures, storageName, takeRuleFixtureMisses } from "./fakeRules";

/** The same object with its keys in the opposite order, as another caller may build it. */
const reversed = <T extends object>(value: T): T => Object.fromEntries(Object.entries(value).reverse()) as T;

describe("the Rust-written rule fixtures", () => {
  it("answer every listed draft with the plan Rust made, in any key order", () => {
    expect(ruleFixtures().plans.length).toBeGreaterThan(0);
    for (const { draft, plan } of ruleFixtures().plans) expect(plannedDraft(reversed(draft))).toEqual(plan);
  });

  it("answer every listed host input, settings input and storage name", () => {
    for (const { input, answer } of ruleFixtures().hosts) expect(hostAnswer(reversed(input))).toEqual(answer);
    for (const { input, answer } of ruleFixtures().request_settings) expect(requestSettingsAnswer(input.repo, input.api_url)).toEqual(answer);
    for (const row of ruleFixtures().storage_names) {
      expect(storageName(row.hf_id, row.subset, row.split, row.revision)).toBe(row.storage_name);
    }
  });

  it("hand out copies, so a test that changes a plan changes no other test's", () => {
    const { draft } = ruleFixtures().plans[0]!;
    plannedDraft(draft).errors.push({ field: "x", line: 1, column: 1, message: "changed", hint: null });
    expect(plannedDraft(draft)).toEqual(ruleFixtures().plans[0]!.plan);
  });

  it("cover the hostile inputs: .., /, spaces, unicode, too long, --, .git and empty", () => {
    const values = ruleFixtures().plans.flatMap(({ draft }) => Object.values(draft).filter((v): v is string => typeof v === "string"));
    const hostile: Array<[string, (v: string) => boolean]> = [
      ["..", (v) => v.includes("..")],
      ["/ at an edge", (v) => v.startsWith("/") || v.endsWith("/")],
      ["a space", (v) => v.trim().includes(" ")],
      ["unicode", (v) => /[^\x00-\x7f]/.test(v)],
      ["too long", (v) => v.length > 200],
      ["--", (v) => v.includes("--")],
      [".git", (v) => v.endsWith(".git")],
      ["empty", (v) => v === ""],
    ];
    const absent = hostile.filter(([, test]) => !values.some(test)).map(([name]) => name);
    expect(absent, "add drafts with these to crates/hugflow-api/src/rule_fixtures.rs").toEqual([]);
  });

  it("reject an input they lack, naming it and where to add it, and report it to the test's setup", () => {
    const draft: Draft = { kind: "remove", hf_id: "not/listed", reason: "nowhere in rule_fixtures.rs", storage_name: null };
    let thrown: unknown;
    try {
      plannedDraft(draft);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toMatchObject({ code: "not_found", message: expect.stringContaining("not/listed") });
    expect(thrown).toMatchObject({ detail: expect.stringContaining("crates/hugflow-api/src/rule_fixtures.rs") });
    expect(() => hostAnswer({ name: "not-listed", storage_root: null, checkout: null })).toThrow();
    // Taken here, so the setup's check passes for this test.
    expect(takeRuleFixtureMisses()).toEqual([expect.stringContaining("not/listed"), expect.stringContaining("not-listed")]);
  });
});
