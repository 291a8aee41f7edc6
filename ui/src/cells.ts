import type { JsonValue } from "./bindings/serde_json/JsonValue";
import { safeUrl } from "./catalogue";

/** How a first-rows cell is shown, from its feature type (`{"_type": "Audio"}`, …) and value. */
export type Cell =
  | { kind: "audio"; src: string; type: string | null }
  | { kind: "image"; src: string; width: number | null; height: number | null }
  | { kind: "number"; text: string }
  | { kind: "text"; text: string; full: string }
  | { kind: "empty"; text: string };

export const MAX_CELL_CHARS = 120;

function typeName(type: JsonValue): string | null {
  if (typeof type !== "object" || type === null || Array.isArray(type)) return null;
  const name = type._type;
  return typeof name === "string" ? name : null;
}

function truncate(full: string): Cell {
  const text = full.length > MAX_CELL_CHARS ? `${full.slice(0, MAX_CELL_CHARS - 1)}…` : full;
  return { kind: "text", text, full };
}

const isRecord = (v: JsonValue): v is { [key: string]: JsonValue } => typeof v === "object" && v !== null && !Array.isArray(v);

export function cellOf(type: JsonValue, value: JsonValue | undefined): Cell {
  if (value === undefined || value === null) return { kind: "empty", text: "null" };
  const name = typeName(type);
  if (name === "Audio") {
    // The viewer sends a list of sources, `[{src, type}]`.
    const sources = Array.isArray(value) ? value : [value];
    for (const s of sources) {
      if (!isRecord(s)) continue;
      const src = safeUrl(s.src);
      if (src) return { kind: "audio", src, type: typeof s.type === "string" ? s.type : null };
    }
    return { kind: "empty", text: "no audio" };
  }
  if (name === "Image" && isRecord(value)) {
    const src = safeUrl(value.src, true);
    if (!src) return { kind: "empty", text: "no image" };
    const num = (v: JsonValue | undefined) => (typeof v === "number" ? v : null);
    return { kind: "image", src, width: num(value.width), height: num(value.height) };
  }
  if (name === "ClassLabel" && typeof value === "number" && isRecord(type) && Array.isArray(type.names)) {
    const label = type.names[value];
    return typeof label === "string" ? truncate(`${label} (${value})`) : { kind: "number", text: String(value) };
  }
  if (typeof value === "number") return { kind: "number", text: String(value) };
  if (typeof value === "string") return truncate(value);
  if (typeof value === "boolean") return { kind: "text", text: String(value), full: String(value) };
  return truncate(JSON.stringify(value));
}

/** A feature type in a few words: `string`, `Audio`, `Sequence`. */
export function typeLabel(type: JsonValue): string {
  const name = typeName(type);
  if (name === "Value" && isRecord(type) && typeof type.dtype === "string") return type.dtype;
  return name ?? (Array.isArray(type) ? "list" : "struct");
}
