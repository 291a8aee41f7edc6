/** A broadcast for `useLiveRead`: `subscribe(callback)` resolves to an unsubscribe function. */
export type Subscribe = (callback: () => void) => Promise<() => void>;

/** A view nothing announces changes of: read once (and on demand). */
export const noEvents: Subscribe = () => Promise.resolve(() => {});

/**
 * Fires every `intervalMs` while the window is visible, and as soon as it becomes visible again:
 * a light auto-refresh that costs nothing while the app is in the background.
 */
export function everyWhileVisible(intervalMs: number): Subscribe {
  return (callback) => {
    const visible = () => document.visibilityState !== "hidden";
    const timer = setInterval(() => {
      if (visible()) callback();
    }, intervalMs);
    const onChange = () => {
      if (visible()) callback();
    };
    document.addEventListener("visibilitychange", onChange);
    return Promise.resolve(() => {
      clearInterval(timer);
      document.removeEventListener("visibilitychange", onChange);
    });
  };
}
