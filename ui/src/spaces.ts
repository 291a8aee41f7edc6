import type { SpaceStatus } from "./bindings/SpaceStatus";
import type { SpacesSettings } from "./bindings/SpacesSettings";

export type StageTone = "ok" | "paused" | "busy" | "error" | "unknown";

/** The colour of a Space's stage: running, paused or asleep, starting or building, broken. */
export function stageTone(stage: string | null): StageTone {
  if (stage === null) return "unknown";
  const s = stage.toUpperCase();
  if (s === "RUNNING") return "ok";
  if (s === "PAUSED" || s === "SLEEPING" || s === "STOPPED") return "paused";
  if (s.includes("ERROR") || s === "NO_APP_FILE" || s === "CONFIG_ERROR") return "error";
  return "busy";
}

/** `a10g-small`, `paused (a10g-small when running)`, `—`. */
export function hardwareText(space: Pick<SpaceStatus, "hardware" | "requested_hardware">): string {
  if (space.hardware !== null) return space.hardware;
  return space.requested_hardware === null ? "—" : `none (${space.requested_hardware} when running)`;
}

/** Pausing makes sense for a Space the Hub reported and that is not paused already. */
export function canPause(stage: string | null): boolean {
  const tone = stageTone(stage);
  return tone !== "paused" && tone !== "unknown";
}

/** The settings form's fields: plain text, empty for "none". */
export interface SpacesDraft {
  prepare: string;
  retrain: Array<{ label: string; space: string }>;
  workers: Array<{ space: string; results: string }>;
}

export function draftOf(settings: SpacesSettings): SpacesDraft {
  return {
    prepare: settings.prepare ?? "",
    retrain: settings.retrain.map((r) => ({ label: r.label, space: r.space })),
    workers: settings.workers.map((w) => ({ space: w.space, results: w.results_dataset ?? "" })),
  };
}

/** The settings a draft stands for: trimmed, empty fields as null, rows left blank dropped. */
export function settingsOf(draft: SpacesDraft): SpacesSettings {
  const orNull = (text: string) => (text.trim() === "" ? null : text.trim());
  return {
    prepare: orNull(draft.prepare),
    retrain: draft.retrain.filter((r) => r.label.trim() !== "" || r.space.trim() !== "").map((r) => ({ label: r.label.trim(), space: r.space.trim() })),
    workers: draft.workers.filter((w) => w.space.trim() !== "" || w.results.trim() !== "").map((w) => ({ space: w.space.trim(), results_dataset: orNull(w.results) })),
  };
}
