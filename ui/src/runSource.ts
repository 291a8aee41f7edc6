import type { RunSource } from "./bindings/RunSource";

/** Where a source's folder is: `This computer` or the host's name. */
export function sourceHostLabel(source: RunSource): string {
  return source.host ?? "This computer";
}

/** `hgx-a:/data/flows`, `This computer:/home/you/runs`. */
export function sourceLabel(source: RunSource): string {
  return `${sourceHostLabel(source)}:${source.path}`;
}

/** A key that tells sources apart (a host name may hold `:` and a path anything). */
export function sourceKey(source: RunSource): string {
  return JSON.stringify([source.host, source.path]);
}

export function sameSource(a: RunSource, b: RunSource): boolean {
  return a.host === b.host && a.path === b.path;
}
