import { useCallback, useState } from "react";

function load(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

/** A choice (e.g. the folder last shown) kept in localStorage under `key` across visits and restarts. */
export function useRemembered(key: string): [string | null, (value: string) => void] {
  const [value, setValue] = useState<string | null>(() => load(key));
  const remember = useCallback(
    (next: string) => {
      setValue(next);
      try {
        window.localStorage.setItem(key, next);
      } catch {
        // Storage full or disabled: the choice lasts until the page is left.
      }
    },
    [key],
  );
  return [value, remember];
}
