import { useCallback, useState } from "react";
import type { Subscribe } from "./ticks";
import { useLiveRead } from "./useLiveRead";

/** `useLiveRead` behind a Refresh button: the value, why it failed, and whether a refresh runs. */
export function usePolledRead<T>(read: () => Promise<T>, subscribe: Subscribe) {
  const { value, error, reload, alive } = useLiveRead(read, subscribe);
  const [refreshing, setRefreshing] = useState(false);

  const refresh = useCallback(async () => {
    setRefreshing(true);
    await reload();
    if (alive.current) setRefreshing(false);
  }, [reload, alive]);

  return { value, error, refreshing, refresh };
}
