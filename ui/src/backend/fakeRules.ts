import type { ApiError } from "../bindings/ApiError";
import type { Draft } from "../bindings/Draft";
import type { HostInput } from "../bindings/HostInput";
import type { Plan } from "../bindings/Plan";
import type { StageSpec } from "../bindings/StageSpec";
import rulesJson from "../generated/rules.json?raw";
import { apiError } from "./errors";

/**
 * The fake backend's answers to the core's rules (request plans, storage names, the Add host
 * checks, the GitOps repository and API URL settings), looked up in `ui/src/generated/rules.json`, which the real Rust functions write
 * (`make bindings`, from crates/hugflow-api/src/rule_fixtures.rs). No rule is copied here, so
 * a changed rule changes what the UI's tests see. An input the table lacks is an error that
 * names it; the tests' setup fails the test that asked (`takeRuleFixtureMisses`).
 */

export type HostAnswer =
  | { saved: { name: string; storage_root: string | null; checkout: string | null } }
  | { rejected: ApiError };

export type SettingsAnswer = { saved: { repo: string; api_url: string } } | { rejected: ApiError };

interface Rules {
  storage_names: Array<{ hf_id: string; subset: string | null; split: string; revision: string; storage_name: string }>;
  plans: Array<{ draft: Draft; plan: Plan }>;
  hosts: Array<{ input: HostInput; answer: HostAnswer }>;
  request_settings: Array<{ input: { repo: string; api_url: string }; answer: SettingsAnswer }>;
  stages: Array<{ storage_name: string; spec: StageSpec; rejected: string | null }>;
}

/** A stage's row key: every field present, so a left-out one and a null find the same row. */
const stageKey = (storage_name: string, spec: StageSpec) => ({
  storage_name,
  nodes: spec.nodes ?? null,
  partition: spec.partition ?? null,
  nodes_count: spec.nodes_count ?? null,
  target: spec.target,
});

/** JSON with sorted keys, so a draft built in any field order finds its row. */
function key(value: object): string {
  const sorted = Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, v ?? null]));
  return JSON.stringify(sorted);
}

const index = <T>(rows: T[], input: (row: T) => object) => new Map(rows.map((row) => [key(input(row)), row]));

type Tables = ReturnType<typeof build>;

function build() {
  const rules = JSON.parse(rulesJson) as Rules;
  return {
    rules,
    plans: index(rules.plans, (r) => r.draft),
    hosts: index(rules.hosts, (r) => r.input),
    requestSettings: index(rules.request_settings, (r) => r.input),
    stages: index(rules.stages, (r) => stageKey(r.storage_name, r.spec)),
    storageNames: index(rules.storage_names, ({ hf_id, subset, split, revision }) => ({ hf_id, subset, split, revision })),
  };
}

let built: Tables | null = null;

/**
 * Parsed on first use, not at import: a module without top-level work is one Rollup drops
 * when nothing uses it, which keeps this table out of the production bundle.
 */
function tables(): Tables {
  built ??= build();
  return built;
}

const misses: string[] = [];

/** The inputs asked for since the last call that the table lacks (the tests' setup fails on any). */
export function takeRuleFixtureMisses(): string[] {
  return misses.splice(0);
}

function missing(table: string, input: object): ApiError {
  const shown = key(input);
  misses.push(`${table}: ${shown}`);
  return apiError(
    "not_found",
    `the fake backend has no Rust answer for this ${table} input: ${shown}`,
    "add this input to crates/hugflow-api/src/rule_fixtures.rs and run `make bindings` (the fake and the browser demo know only the inputs listed there)",
  );
}

/** The desktop's `plan_request` answer for `draft`. */
export function plannedDraft(draft: Draft): Plan {
  const row = tables().plans.get(key(draft));
  if (row === undefined) throw missing("plan", draft);
  return structuredClone(row.plan);
}

/** The message `stage_on_cluster` refuses a stage with (the core's `StageSpec::check`), or null. */
export function stageRejection(storageName: string, spec: StageSpec): string | null {
  const input = stageKey(storageName, spec);
  const row = tables().stages.get(key(input));
  if (row === undefined) throw missing("stage", input);
  return row.rejected;
}

/** What `add_host` saves for `input`, or the error it rejects it with (the login-node mark is no check). */
export function hostAnswer({ cluster: _, ...input }: HostInput): HostAnswer {
  const row = tables().hosts.get(key(input));
  if (row === undefined) throw missing("host", input);
  return structuredClone(row.answer);
}

/** The message `add_host` rejects `input` with, for tests that check a page shows it. */
export function hostRejection(input: HostInput): string {
  const answer = hostAnswer(input);
  if (!("rejected" in answer)) throw new Error(`add_host saves ${key(input)}; it does not reject it`);
  return answer.rejected.message;
}

/** What `set_request_settings` saves of the GitOps repository and API URL, or its refusal. */
export function requestSettingsAnswer(repo: string, api_url: string): SettingsAnswer {
  const row = tables().requestSettings.get(key({ repo, api_url }));
  if (row === undefined) throw missing("request settings", { repo, api_url });
  return structuredClone(row.answer);
}

/** The core's storage name of a download. */
export function storageName(hf_id: string, subset: string | null, split: string, revision: string): string {
  const row = tables().storageNames.get(key({ hf_id, subset, split, revision }));
  if (row === undefined) throw missing("storage name", { hf_id, subset, split, revision });
  return row.storage_name;
}

/** Every row, for tests that check the table itself. */
export function ruleFixtures(): Readonly<Rules> {
  return tables().rules;
}
