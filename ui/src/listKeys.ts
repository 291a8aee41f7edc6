/** What a key does to the selection of a result list, or null when the list ignores it. */
export type ListMove = { by: number } | { to: "first" | "last" } | "open";

export function listMove(key: string, pageRows: number, inTextField: boolean): ListMove | null {
  switch (key) {
    case "ArrowDown":
      return { by: 1 };
    case "ArrowUp":
      return { by: -1 };
    case "PageDown":
      return { by: pageRows };
    case "PageUp":
      return { by: -pageRows };
    // In the search box, Home and End move the caret.
    case "Home":
      return inTextField ? null : { to: "first" };
    case "End":
      return inTextField ? null : { to: "last" };
    case "Enter":
      return "open";
    default:
      return null;
  }
}

/** The selection after `move` in a list of `count` rows. */
export function applyMove(selected: number, move: { by: number } | { to: "first" | "last" }, count: number): number {
  if (count <= 0) return 0;
  if ("to" in move) return move.to === "first" ? 0 : count - 1;
  return Math.min(count - 1, Math.max(0, selected + move.by));
}
