import { useCallback, useState } from "react";
import type { Subscribe } from "./ticks";
import { useLiveRead } from "./useLiveRead";

/** A quicker pace of reads, kept while the last value read `needs` it. */
export interface Hurry<T> {
  /** Must be stable (a module constant), as `subscribe` is. */
  subscribe: Subscribe;
  needs: (value: T) => boolean;
}

/**
 * `useLiveRead` behind a Refresh button: the value, why it failed, and whether a refresh runs.
 * With `hurry`, reads come at its pace while the last value needs them to (something in it is
 * about to change), and at `subscribe`'s again once it no longer does.
 */
export function usePolledRead<T>(read: () => Promise<T>, subscribe: Subscribe, hurry?: Hurry<T>) {
  // The pace is chosen before the read it paces, so it follows the previous value.
  const [hurried, setHurried] = useState(false);
  const { value, error, reload, alive } = useLiveRead(read, hurried && hurry ? hurry.subscribe : subscribe);
  const needed = value !== null && hurry !== undefined && hurry.needs(value);
  // React's way to follow a value into state: set during render, redone before it is shown.
  if (needed !== hurried) setHurried(needed);
  const [refreshing, setRefreshing] = useState(false);

  const refresh = useCallback(async () => {
    setRefreshing(true);
    await reload();
    if (alive.current) setRefreshing(false);
  }, [reload, alive]);

  return { value, error, refreshing, refresh };
}
