import { FLOWS_ROOT, HULDRA_ROOT, demoRuns } from "../backend/demoRuns";
import type { FakeBackendData } from "../backend/fake";
import { rerunRecord } from "../backend/runBuilders";
import type { DuctaflowRun } from "../bindings/DuctaflowRun";
import type { FlowRun } from "../bindings/FlowRun";
import type { Rerun } from "../bindings/Rerun";
import { findInstance } from "../runs";
import { ready } from "./hosts";

export { FLOWS_ROOT, HULDRA_ROOT };

/** The demo's run folders on hgx-a (ductaflow builds, huldra artifacts), timed from now. */
export function runFolders(): FakeBackendData {
  return { hosts: [ready("hgx-a")], ...demoRuns(new Date()) };
}

/** The demo's run folders with the build or flow at `path` (in the flows folder) changed by `change`. */
export function withRun(path: string, change: (run: FlowRun | DuctaflowRun) => void, data: FakeBackendData = runFolders()): FakeBackendData {
  const folder = data.runFolders?.find((f) => f.source.path === FLOWS_ROOT);
  const run = folder ? findInstance(folder.report.ductaflow, path) : null;
  if (!run) throw new Error(`no run ${path} in ${FLOWS_ROOT}`);
  change(run);
  return data;
}

/** The demo's run folders where the build or flow at `path` was re-run (running, unless told otherwise), with `log` as its re-run log. */
export function withRerun(path: string, overrides: Partial<Rerun> = {}, log: string[] = ["epoch 1/3"]): FakeBackendData {
  let file = "";
  const data = withRun(path, (run) => {
    run.rerun = rerunRecord(FLOWS_ROOT, run, overrides);
    file = run.rerun_log;
  });
  const folder = data.runFolders!.find((f) => f.source.path === FLOWS_ROOT)!;
  folder.files[file] = log;
  return data;
}
