import type { RequestItem } from "../bindings/RequestItem";
import type { RequestSettings } from "../bindings/RequestSettings";
import { DEFAULT_REQUEST_SETTINGS } from "../backend/fake";
import { hoursAgo } from "./fixtures";

export const REPO = "team/gitops";

export function configured(overrides: Partial<RequestSettings> = {}): RequestSettings {
  return { ...DEFAULT_REQUEST_SETTINGS, repo: REPO, ...overrides };
}

/** An open request PR of `team/gitops`; GitHub writes `...Z` timestamps. */
export function requestItem(number: number, overrides: Partial<RequestItem> = {}): RequestItem {
  const updated = hoursAgo(2).replace(/\.\d+$/, "Z");
  return {
    number,
    url: `https://github.com/${REPO}/pull/${number}`,
    title: "Add dataset openslr/librispeech_asr",
    kind: "add",
    hf_id: "openslr/librispeech_asr",
    storage_name: "openslr__librispeech_asr__rev_main",
    author: "aisha",
    mine: false,
    pull: "open",
    state: { state: "pr_open" },
    checks: { state: "none", failing: [] },
    events: [],
    created_at: updated,
    updated_at: updated,
    ...overrides,
  };
}
