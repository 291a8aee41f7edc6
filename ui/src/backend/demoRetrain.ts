import type { LabelRun } from "../bindings/LabelRun";
import type { RetrainRun } from "../bindings/RetrainRun";
import type { Step } from "../bindings/Step";
import type { FakeRunsData } from "./fakeRuns";

/**
 * The retrain orchestrator as a team sees it after a week: a dry run, a poll that timed out,
 * a retrain of `department` (v1 → v2), and a run where both labels were below the threshold.
 */

export const DEPARTMENT_REPO = "acme-ml/department-dataset";
export const INTENT_REPO = "acme-ml/intent-dataset";
export const ACTIONS = "https://github.com/acme-ml/retrain-orchestrator/actions/runs";

const iso = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, "Z");

/** Steps one after the other from `start`: `[name, duration_ms, outcome, detail]`. */
export function steps(start: Date, list: Array<[Step["name"], number, Step["outcome"], string]>): Step[] {
  let at = start.getTime();
  return list.map(([name, duration_ms, outcome, detail]) => {
    const step: Step = { name, started_at: iso(new Date(at)), duration_ms, outcome, detail };
    at += duration_ms;
    return step;
  });
}

export function labelRun(label: string, overrides: Partial<LabelRun> = {}): LabelRun {
  const repo = label === "department" ? DEPARTMENT_REPO : label === "intent" ? INTENT_REPO : `acme-ml/${label}-dataset`;
  return {
    label,
    metadata_repo: repo,
    retrain_space: `acme-ml/retrain-${label}`,
    misclassified: null,
    sampled_correct: null,
    dataset_len: null,
    threshold: 1000,
    decision: null,
    version_before: null,
    version_after: null,
    num_samples_after: null,
    steps: [],
    error: null,
    ...overrides,
  };
}

/** A label counted below the threshold: only the count step ran. */
export function belowThreshold(label: string, start: Date, misclassified: number): LabelRun {
  const sampled = misclassified * 3;
  return labelRun(label, {
    misclassified,
    sampled_correct: sampled,
    dataset_len: misclassified + sampled,
    decision: "below_threshold",
    steps: steps(start, [["count", 840, "ok", `${misclassified} misclassified + ${sampled} sampled = ${misclassified + sampled} rows, below 1000`]]),
  });
}

export function retrainRun(id: number, start: Date, seconds: number | null, overrides: Partial<RetrainRun> = {}): RetrainRun {
  return {
    id,
    started_at: iso(start),
    ended_at: seconds === null ? null : iso(new Date(start.getTime() + seconds * 1000)),
    outcome: "completed",
    dry_run: false,
    actions_url: `${ACTIONS}/${12_000_000_000 + id}`,
    labels: [],
    error: null,
    ...overrides,
  };
}

/** Four runs, newest first. */
export function retrainRuns(now: Date): RetrainRun[] {
  const ago = (hours: number) => new Date(now.getTime() - hours * 3_600_000);
  const dry = ago(0.7);
  const timedOut = ago(24);
  const retrained = ago(72);
  const quiet = ago(168);
  return [
    retrainRun(4, dry, 3, {
      dry_run: true,
      actions_url: null,
      labels: [
        labelRun("department", {
          misclassified: 310,
          sampled_correct: 930,
          dataset_len: 1240,
          decision: "retrain",
          version_before: "v2",
          steps: steps(dry, [
            ["count", 910, "ok", "310 misclassified + 930 sampled = 1240 rows, at or above 1000"],
            ["read_version", 420, "ok", "version v2 with 1600 samples"],
            ["restart_prepare", 0, "dry_run", "DRY_RUN: acme-ml/dataset-prepare not restarted"],
            ["restart_retrain", 0, "dry_run", "DRY_RUN: acme-ml/retrain-department not restarted"],
          ]),
        }),
        belowThreshold("intent", new Date(dry.getTime() + 1_400), 45),
      ],
    }),
    retrainRun(3, timedOut, 1_215, {
      outcome: "failed",
      labels: [
        labelRun("department", {
          misclassified: 270,
          sampled_correct: 810,
          dataset_len: 1080,
          decision: "retrain",
          version_before: "v2",
          error: "dataset_metadata.json still says v2 after 20 min: the prepare Space did not publish a new version; check its logs",
          steps: steps(timedOut, [
            ["count", 880, "ok", "270 misclassified + 810 sampled = 1080 rows, at or above 1000"],
            ["read_version", 390, "ok", "version v2 with 1600 samples"],
            ["restart_prepare", 2_300, "ok", "acme-ml/dataset-prepare restarted"],
            ["poll_metadata", 1_200_000, "timed_out", "40 polls over 20 min, still v2"],
          ]),
        }),
        belowThreshold("intent", new Date(timedOut.getTime() + 1_300), 60),
      ],
    }),
    retrainRun(2, retrained, 498, {
      labels: [
        labelRun("department", {
          misclassified: 400,
          sampled_correct: 1_200,
          dataset_len: 1_600,
          decision: "retrain",
          version_before: "v1",
          version_after: "v2",
          num_samples_after: 1_600,
          steps: steps(retrained, [
            ["count", 950, "ok", "400 misclassified + 1200 sampled = 1600 rows, at or above 1000"],
            ["read_version", 410, "ok", "version v1 with 1200 samples"],
            ["restart_prepare", 2_100, "ok", "acme-ml/dataset-prepare restarted"],
            ["poll_metadata", 482_000, "ok", "3 polls, version v2 with 1600 samples"],
            ["restart_retrain", 1_900, "ok", "acme-ml/retrain-department restarted"],
          ]),
        }),
        belowThreshold("intent", new Date(retrained.getTime() + 1_500), 80),
      ],
    }),
    retrainRun(1, quiet, 2, {
      labels: [belowThreshold("department", quiet, 150), belowThreshold("intent", new Date(quiet.getTime() + 900), 60)],
    }),
  ];
}

/** The demo's retrain records (local checkout and hgx-a) and the metadata repos' versions. */
export function demoRetrain(now: Date): FakeRunsData {
  const day = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString().replace(/\.\d{3}Z$/, "Z");
  const runs = retrainRuns(now);
  return {
    retrainHistories: [
      { host: null, history: { schema: 1, runs } },
      { host: "hgx-a", history: { schema: 1, runs: runs.slice(1) } },
    ],
    datasetVersions: {
      [DEPARTMENT_REPO]: [
        { commit: "1f0c9e2a7b3d4c5e6f708192a3b4c5d6e7f80912", date: day(30), version_tag: "v0", num_samples: 800 },
        { commit: "5b7d1c3e9f2a4b6c8d0e1f3a5b7c9d1e3f5a7b9c", date: day(14), version_tag: "v1", num_samples: 1_200 },
        { commit: "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b", date: day(3), version_tag: "v2", num_samples: 1_600 },
      ],
      [INTENT_REPO]: [{ commit: "c0ffee1234567890abcdef1234567890abcdef12", date: day(20), version_tag: "v1", num_samples: 900 }],
    },
  };
}
