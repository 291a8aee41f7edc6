import { FLOWS_ROOT, HULDRA_ROOT, demoRuns } from "../backend/demoRuns";
import type { FakeBackendData } from "../backend/fake";
import { ready } from "./hosts";

export { FLOWS_ROOT, HULDRA_ROOT };

/** The demo's run folders on hgx-a (ductaflow builds, huldra artifacts), timed from now. */
export function runFolders(): FakeBackendData {
  return { hosts: [ready("hgx-a")], ...demoRuns(new Date()) };
}
