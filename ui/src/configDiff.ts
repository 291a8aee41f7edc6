import type { JsonValue } from "./bindings/serde_json/JsonValue";

export type DiffKind = "added" | "removed" | "changed";

/** One key that differs between two configs; `before`/`after` are absent for added/removed keys. */
export interface DiffEntry {
  path: string;
  kind: DiffKind;
  before?: JsonValue;
  after?: JsonValue;
}

function isObject(value: JsonValue): value is { [key: string]: JsonValue } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Every leaf of a config by its dotted path (`augment.speed[0]`, `lr`); an empty object or list
 * is a leaf of its own. A config that is not an object at all is the one leaf `""`.
 */
export function flatten(value: JsonValue | null | undefined, prefix = "", into = new Map<string, JsonValue>()): Map<string, JsonValue> {
  if (value === undefined) return into;
  if (isObject(value) && Object.keys(value).length > 0) {
    for (const [key, child] of Object.entries(value)) flatten(child, prefix === "" ? key : `${prefix}.${key}`, into);
  } else if (Array.isArray(value) && value.length > 0) {
    value.forEach((child, i) => flatten(child, `${prefix}[${i}]`, into));
  } else {
    into.set(prefix, value);
  }
  return into;
}

/** What changed from config `a` to config `b`, key by key, sorted by path; equal keys are left out. */
export function diffConfigs(a: JsonValue | null | undefined, b: JsonValue | null | undefined): DiffEntry[] {
  const before = flatten(a);
  const after = flatten(b);
  const entries: DiffEntry[] = [];
  for (const [path, value] of before) {
    if (!after.has(path)) entries.push({ path, kind: "removed", before: value });
    else if (JSON.stringify(after.get(path)) !== JSON.stringify(value)) entries.push({ path, kind: "changed", before: value, after: after.get(path)! });
  }
  for (const [path, value] of after) {
    if (!before.has(path)) entries.push({ path, kind: "added", after: value });
  }
  return entries.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
}

/** A leaf as JSON would write it: `"text"`, `0.001`, `true`, `[]`. */
export function formatLeaf(value: JsonValue | undefined): string {
  return value === undefined ? "" : JSON.stringify(value);
}
