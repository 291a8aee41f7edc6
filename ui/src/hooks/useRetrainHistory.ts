import { useCallback } from "react";
import { useBackend } from "../backend";
import { everyWhileVisible } from "./ticks";
import { usePolledRead } from "./usePolledRead";

const reread = everyWhileVisible(30_000);

/** The orchestrator's runs recorded on `host` (null: this computer's checkout), every 30 s while visible. */
export function useRetrainHistory(host: string | null) {
  const backend = useBackend();
  const read = useCallback(() => backend.retrainHistory(host), [backend, host]);
  const { value: history, ...rest } = usePolledRead(read, reread);
  return { history, ...rest };
}
