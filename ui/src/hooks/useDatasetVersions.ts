import { useCallback } from "react";
import { useBackend } from "../backend";
import { noEvents } from "./ticks";
import { useLiveRead } from "./useLiveRead";

/** A metadata repo's `dataset_metadata.json` versions, oldest first, read once. */
export function useDatasetVersions(repo: string) {
  const backend = useBackend();
  const read = useCallback(() => backend.datasetVersions(repo), [backend, repo]);
  const { value: versions, error } = useLiveRead(read, noEvents);
  return { versions, error };
}
