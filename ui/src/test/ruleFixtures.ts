import { afterEach, expect } from "vitest";
import { takeRuleFixtureMisses } from "../backend/fakeRules";

/**
 * Fails a test that asked the fake backend for a rule's answer (a plan, a host check) on an
 * input the Rust-written `ui/src/generated/rules.json` lacks: the page may only show an error
 * banner for it, which a test could miss.
 */
afterEach(() => {
  const misses = takeRuleFixtureMisses();
  expect(
    misses,
    "the fake backend was asked for rule answers it does not have: add these inputs to crates/hugflow-api/src/rule_fixtures.rs and run `make bindings`",
  ).toEqual([]);
});
