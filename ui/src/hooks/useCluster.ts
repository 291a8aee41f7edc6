import { useCallback } from "react";
import { useBackend } from "../backend";
import type { ClusterStatus } from "../bindings/ClusterStatus";
import { stagingRuns } from "../cluster";
import { everyWhileVisible } from "./ticks";
import { usePolledRead } from "./usePolledRead";

const calm = everyWhileVisible(15_000);
/** While a staging job runs, its nodes' progress is read every 2 s. */
const staging = { subscribe: everyWhileVisible(2_000), needs: (status: ClusterStatus) => stagingRuns(status) };

/** A login node's cluster, every 15 s while visible (2 s while a stage runs) and on Refresh. */
export function useCluster(name: string) {
  const backend = useBackend();
  const read = useCallback(() => backend.hostCluster(name), [backend, name]);
  const { value: status, ...rest } = usePolledRead(read, calm, staging);
  return { status, ...rest };
}
