import type { DuctaflowRun } from "../bindings/DuctaflowRun";
import type { HuldraArtifact } from "../bindings/HuldraArtifact";
import type { JsonValue } from "../bindings/serde_json/JsonValue";
import type { FakeRunsData, RunFolder } from "./fakeRuns";
import { worst } from "../runs";
import { artifact, flowInstance, type InstanceSpec } from "./runBuilders";

/**
 * Run folders modelled on the real captures in shared/fixtures: ductaflow's `pipeline` build
 * (baseline, low_data, diverged) with its prep and train flows, and huldra's FineTune artifacts.
 */

export const FLOWS_ROOT = "/data/hgx/flows";
export const HULDRA_ROOT = "/data/hgx/experiments/asr/data-huldra";

/** The end of train's traceback when the loss diverged, as papermill logs it. */
const DIVERGED = [
  "---------------------------------------------------------------------------",
  'Exception encountered at "In [4]":',
  "---------------------------------------------------------------------------",
  "RuntimeError                              Traceback (most recent call last)",
  "Cell In[4], line 5",
  "      1 import json",
  '      2 print("🔄 Training")',
  '      3 data = json.load(open("../prep_instance/prep_output.json"))',
  '      4 if config.get("fail"):',
  '----> 5     raise RuntimeError("loss diverged (nan) at step 12")',
  '      6 if config.get("warn"):',
  '      7     print("WARNING: learning rate clipped")',
  "",
  "RuntimeError: loss diverged (nan) at step 12",
];

interface BuildSpec {
  name: string;
  start: Date;
  /** The build's own length; `null` while it runs or after it was killed. */
  seconds: number | null;
  liveness?: InstanceSpec["liveness"];
  config: Record<string, JsonValue>;
  prep: Partial<InstanceSpec> & { seconds: number | null };
  train: Partial<InstanceSpec> & { seconds: number | null };
  failure?: string[];
}

/** A `pipeline` build with its prep and train flows, as `builds/pipeline.py` runs them. */
function pipelineBuild(spec: BuildSpec): { run: DuctaflowRun; files: Record<string, string[]> } {
  const path = `runs/pipeline/${spec.name}`;
  const config = { ...spec.config, _project_root: FLOWS_ROOT };
  const at = (seconds: number) => new Date(spec.start.getTime() + seconds * 1000);
  const prep = flowInstance({ root: FLOWS_ROOT, path: `${path}/runs/prep_instance`, notebook: "prep", config, start: at(2), ...spec.prep });
  const trainStart = 2 + (spec.prep.seconds ?? 0);
  const train = flowInstance({ root: FLOWS_ROOT, path: `${path}/runs/train_instance`, notebook: "train", config, start: at(trainStart), ...spec.train });
  const own = flowInstance({
    root: FLOWS_ROOT,
    path,
    notebook: "pipeline",
    config,
    start: spec.start,
    seconds: spec.seconds,
    liveness: spec.liveness,
    failure: spec.failure,
    scripts: "builds",
  });
  const flows = [prep.run, train.run];
  const run: DuctaflowRun = { ...own.run, status: flows.reduce((s, f) => worst(s, f.status), own.run.status), flows };
  return { run, files: { ...own.files, ...prep.files, ...train.files } };
}

/** The builds of the flows folder, newest first. */
function builds(now: Date) {
  const ago = (hours: number) => new Date(now.getTime() - hours * 3_600_000);
  return [
    pipelineBuild({
      name: "augmented",
      start: ago(0.07),
      seconds: null,
      config: { instance: "augmented", rows: 4000, augment: { speed: [0.9, 1.1], noise_db: 20 } },
      prep: { seconds: 95 },
      train: { seconds: null, logWarnings: ["learning rate clipped at step 400"] },
    }),
    pipelineBuild({
      name: "diverged",
      start: ago(3),
      seconds: 6,
      config: { instance: "diverged", rows: 500, fail: true },
      prep: { seconds: 1 },
      train: { seconds: 2, failure: DIVERGED },
      failure: DIVERGED,
    }),
    pipelineBuild({
      name: "low_data",
      start: ago(26),
      seconds: 5,
      config: { instance: "low_data", rows: 12, warn: true },
      prep: { seconds: 2 },
      train: { seconds: 2, notebookWarnings: [[4, "WARNING: learning rate clipped"]] },
    }),
    pipelineBuild({
      name: "baseline",
      start: ago(50),
      seconds: 9,
      config: { instance: "baseline", rows: 1000 },
      prep: { seconds: 2 },
      train: { seconds: 1 },
    }),
    pipelineBuild({
      name: "lr_sweep",
      start: ago(9 * 24),
      seconds: null,
      liveness: "abandoned",
      config: { instance: "lr_sweep", rows: 1000, lr: [0.001, 0.0003] },
      prep: { seconds: 3 },
      train: { seconds: null, liveness: "abandoned" },
    }),
  ];
}

const FINE_TUNE = "asrpipe.pipelines.FineTune";
const CORPUS = { __class__: "asrpipe.pipelines.PrepareCorpus", name: "common_voice_ms", min_duration: 1.0 };

function fineTune(hash: string, lr: number, fail: boolean, sleep: number, overrides: Partial<HuldraArtifact>): HuldraArtifact {
  const py = (b: boolean) => (b ? "True" : "False");
  return artifact(FINE_TUNE, hash, {
    config: { __class__: FINE_TUNE, corpus: CORPUS, lr, fail, sleep_sec: sleep },
    python_def: `${FINE_TUNE}(corpus=asrpipe.pipelines.PrepareCorpus(name='common_voice_ms', min_duration=1.0), lr=${lr}, fail=${py(fail)}, sleep_sec=${sleep.toFixed(1)})`,
    ...overrides,
  });
}

/** huldra's FineTune artifacts (two succeeded, one ran out of GPU memory, one was killed) and their corpus. */
export function artifacts(now: Date): HuldraArtifact[] {
  const iso = (hours: number) => new Date(now.getTime() - hours * 3_600_000).toISOString().replace(/\.\d{3}Z$/, "+00:00");
  const times = (hours: number, seconds: number) => ({ started_at: iso(hours), ended_at: iso(hours - seconds / 3_600), updated_at: iso(hours - seconds / 3_600) });
  return [
    fineTune("65510c241ad994f12a86", 0.0001, false, 3_600, {
      status: "stale",
      result: "incomplete",
      attempt: "running",
      stale: true,
      owner_pid: 21_294,
      command: "run_all.py slow",
      started_at: iso(20),
      updated_at: iso(20),
      lease_expires_at: iso(19.96),
    }),
    fineTune("794b489f0b6a7d82ed3f", 0.001, true, 0, {
      status: "failed",
      result: "failed",
      attempt: "failed",
      owner_pid: 21_260,
      command: "run_all.py fail",
      ...times(21, 4),
      error: {
        type: "RuntimeError",
        message: "CUDA out of memory: tried to allocate 20.00 GiB",
        traceback:
          'Traceback (most recent call last):\n  File "/opt/huldra/src/huldra/core/huldra.py", line 702, in _run_locally\n    result = self._create()\n             ^^^^^^^^^^^^^^\n  File "/data/hgx/experiments/asr/asrpipe/pipelines.py", line 30, in _create\n    raise RuntimeError("CUDA out of memory: tried to allocate 20.00 GiB")\nRuntimeError: CUDA out of memory: tried to allocate 20.00 GiB\n',
      },
    }),
    fineTune("5ad086e5788f8901b96e", 0.0001, false, 0, { owner_pid: 21_190, ...times(22, 2_710) }),
    fineTune("61c2563e1287bb9cf824", 0.0003, false, 0, { ...times(30, 3_125) }),
    artifact("asrpipe.pipelines.PrepareCorpus", "d0c4c86d1bcd90b72694", {
      config: CORPUS,
      python_def: "asrpipe.pipelines.PrepareCorpus(name='common_voice_ms', min_duration=1.0)",
      ...times(31, 640),
    }),
  ];
}

/** The demo's run folders on hgx-a: a ductaflow project and a huldra data folder. */
export function demoRuns(now: Date): FakeRunsData {
  const scanned = now.toISOString();
  const made = builds(now);
  const flows: RunFolder = {
    source: { host: "hgx-a", path: FLOWS_ROOT },
    report: { schema: 1, root: FLOWS_ROOT, scanned_at: scanned, ductaflow: made.map((b) => b.run), huldra: [] },
    files: Object.assign({}, ...made.map((b) => b.files)) as Record<string, string[]>,
  };
  const huldra: RunFolder = {
    source: { host: "hgx-a", path: HULDRA_ROOT },
    report: { schema: 1, root: HULDRA_ROOT, scanned_at: scanned, ductaflow: [], huldra: artifacts(now) },
    files: {},
  };
  return { runSources: [flows.source, huldra.source], runFolders: [flows, huldra] };
}
