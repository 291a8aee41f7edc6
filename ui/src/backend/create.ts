import { demoData } from "./demo";
import { FakeBackend } from "./fake";
import type { Backend } from "./index";
import { TauriBackend } from "./tauri";

/** The Tauri backend inside the app; an in-memory demo in a plain browser (`npm run dev`). */
export function createBackend(): Backend {
  if (typeof window !== "undefined" && window.__TAURI_INTERNALS__ !== undefined) {
    return new TauriBackend();
  }
  return new FakeBackend({ ...demoData(), latencyMs: 150 });
}
