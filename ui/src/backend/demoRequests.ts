import type { RequestItem } from "../bindings/RequestItem";
import type { FakeBackendData } from "./fake";

const REPO = "my-team/datasets-gitops";

/** The demo's GitOps repository with one request PR in each state. */
export function demoRequests(now: Date): Pick<FakeBackendData, "requestSettings" | "requests" | "login" | "polledAt"> {
  const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString().replace(/\.\d{3}Z$/, "Z");
  const item = (number: number, hfId: string, storage: string, mine: boolean, minutes: number, rest: Partial<RequestItem>): RequestItem => ({
    number,
    url: `https://github.com/${REPO}/pull/${number}`,
    title: `Add dataset ${hfId}`,
    kind: "add",
    hf_id: hfId,
    storage_name: storage,
    author: mine ? "you" : "aisha",
    mine,
    pull: "merged",
    state: { state: "merged", path: null, size_bytes: null },
    checks: { state: "success", failing: [] },
    events: [],
    created_at: ago(minutes + 600),
    updated_at: ago(minutes),
    ...rest,
  });
  return {
    login: "you",
    polledAt: ago(1),
    requestSettings: {
      repo: REPO,
      base_branch: "",
      api_url: "https://api.github.com",
      notifications: { complete: true, failed: true, merged: true, comment: false },
    },
    requests: [
      item(42, "Revolab/repetitive_conversations", "Revolab__repetitive_conversations__rev_main", true, 3, {
        state: { state: "downloading", percent: 36, eta_seconds: 6480 },
      }),
      item(41, "facebook/voxpopuli", "facebook__voxpopuli__subset_en__split_train__rev_main", true, 50, {
        pull: "open",
        state: { state: "pr_open" },
        checks: { state: "failure", failing: ["validate-requests"] },
      }),
      item(40, "mozilla-foundation/common_voice_11_0", "mozilla-foundation__common_voice_11_0__subset_ms__split_train__rev_main", true, 60 * 26, {
        state: { state: "complete", path: "/data/datasets/mozilla-foundation__common_voice_11_0__subset_ms__split_train__rev_main", size_bytes: 3221225472 },
      }),
      item(39, "google/fleurs", "google__fleurs__rev_main", true, 60 * 30, {
        state: {
          state: "failed",
          error: { kind: "gated", message: "google/fleurs is gated and the runner's token has no access.", suggestion: "Accept the dataset's terms on the Hub with the runner's account, then comment /retry on the PR." },
        },
      }),
      item(38, "openslr/librispeech_asr", "openslr__librispeech_asr__rev_main", false, 60 * 5, {
        pull: "open",
        state: { state: "sync_started" },
        checks: { state: "pending", failing: [] },
      }),
      item(37, "speechcolab/gigaspeech", "speechcolab__gigaspeech__rev_main", false, 60 * 72, {
        pull: "closed",
        state: { state: "closed" },
        checks: { state: "none", failing: [] },
      }),
    ],
  };
}
