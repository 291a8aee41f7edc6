import { useEffect, useRef } from "react";

/** Calls `onPress` on Ctrl+`key` (Cmd+`key` on macOS) anywhere in the window. */
export function useGlobalShortcut(key: string, onPress: () => void): void {
  const callback = useRef(onPress);
  callback.current = onPress;

  useEffect(() => {
    function handle(event: KeyboardEvent) {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
      if (event.key.toLowerCase() !== key.toLowerCase()) return;
      event.preventDefault();
      callback.current();
    }
    window.addEventListener("keydown", handle);
    return () => window.removeEventListener("keydown", handle);
  }, [key]);
}
