import { demoData } from "./demo";
import { FakeBackend } from "./fake";
import type { Backend } from "./index";
import { TauriBackend } from "./tauri";

/**
 * The Tauri backend inside the app; an in-memory demo in a plain browser, in development only
 * (`npm run dev`). `import.meta.env.DEV` is `false` in a production build, so the demo branch is
 * dead there and Rollup drops the fake and demo modules, which have no top-level side effects;
 * `bundle.node.test.ts` checks that none of their code ships.
 */
export function createBackend(): Backend {
  if (typeof window !== "undefined" && window.__TAURI_INTERNALS__ !== undefined) {
    return new TauriBackend();
  }
  if (import.meta.env.DEV) return new FakeBackend({ ...demoData(), latencyMs: 150 });
  throw new Error(
    "Hugflow's UI has no backend outside the desktop app: run it with `make run`, or run `npm --prefix ui run dev` for the in-browser demo",
  );
}
