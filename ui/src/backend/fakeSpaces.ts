import type { SpaceStatus } from "../bindings/SpaceStatus";
import type { SpacesReport } from "../bindings/SpacesReport";
import type { SpacesSettings } from "../bindings/SpacesSettings";
import { apiError } from "./errors";

/** What the Hub says of a Space's runtime. */
export interface HubSpace {
  stage: string;
  hardware: string | null;
  requested_hardware: string | null;
}

export interface FakeSpacesData {
  /** The watched Spaces (default: none). */
  spacesSettings?: SpacesSettings;
  /** The Hub's Spaces by id; a watched Space missing here is reported as not found. */
  hubSpaces?: Record<string, HubSpace>;
  /** The highest `iteration_N.json` of each results dataset, by dataset id. */
  iterations?: Record<string, number>;
  /** The Hub token can only read: restart and pause are refused. */
  spacesReadOnly?: boolean;
}

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const REPO_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*\/[A-Za-z0-9][A-Za-z0-9._-]*$/;
const EMPTY: SpacesSettings = { prepare: null, retrain: [], workers: [] };

/** The settings' mistakes a user makes, as the real backend refuses them; null when fine. */
export function spacesSettingsError(settings: SpacesSettings): string | null {
  const ids = [
    ...(settings.prepare === null ? [] : [["The prepare Space", settings.prepare]]),
    ...settings.retrain.map((r) => [`The retrain Space of ${r.label || "a label"}`, r.space]),
    ...settings.workers.map((w) => ["A worker Space", w.space]),
    ...settings.workers.flatMap((w) => (w.results_dataset === null ? [] : [[`The results dataset of ${w.space}`, w.results_dataset]])),
  ];
  for (const [what, id] of ids) {
    if (!REPO_ID.test(id ?? "")) return `${what} ${JSON.stringify(id)} is not a Hub id: use owner/name`;
  }
  const labels = settings.retrain.map((r) => r.label.trim());
  if (labels.some((l) => l === "")) return "Every retrain Space needs its label";
  const twice = labels.find((l, i) => labels.indexOf(l) !== i);
  if (twice !== undefined) return `The label ${twice} has two retrain Spaces; keep one`;
  return null;
}

/** The FakeBackend's Spaces: the settings and what the Hub would report of them. */
export class FakeSpaces {
  settings: SpacesSettings;
  hub: Map<string, HubSpace>;
  iterations: Map<string, number>;
  readOnly: boolean;
  readonly restarted: string[] = [];
  readonly paused: string[] = [];

  constructor(data: FakeSpacesData) {
    this.settings = clone(data.spacesSettings ?? EMPTY);
    this.hub = new Map(Object.entries(clone(data.hubSpaces ?? {})));
    this.iterations = new Map(Object.entries(data.iterations ?? {}));
    this.readOnly = data.spacesReadOnly ?? false;
  }

  save(settings: SpacesSettings): void {
    const problem = spacesSettingsError(settings);
    if (problem !== null) throw apiError("invalid_input", problem);
    this.settings = clone(settings);
  }

  report(): SpacesReport {
    const { prepare, retrain, workers } = this.settings;
    const spaces: SpaceStatus[] = [
      ...(prepare === null ? [] : [this.status(prepare, "prepare", null)]),
      ...retrain.map((r) => this.status(r.space, `retrain ${r.label}`, null)),
      ...workers.map((w) => this.status(w.space, "worker", w.results_dataset)),
    ];
    return { schema: 1, spaces };
  }

  restart(id: string): void {
    const space = this.writable(id);
    this.restarted.push(id);
    Object.assign(space, { stage: "RUNNING", hardware: space.requested_hardware ?? space.hardware });
  }

  pause(id: string): void {
    const space = this.writable(id);
    this.paused.push(id);
    Object.assign(space, { stage: "PAUSED", hardware: null });
  }

  private writable(id: string): HubSpace {
    const space = this.hub.get(id);
    if (!space) throw apiError("not_found", `the Space ${id} was not found on the Hub`);
    if (this.readOnly) {
      throw apiError("unauthorized", `the Hugging Face token cannot change ${id}: it needs write access to the Space`, "403 Forbidden");
    }
    return space;
  }

  private status(id: string, role: string, results: string | null): SpaceStatus {
    const hub = this.hub.get(id);
    const iterations = results === null ? null : (this.iterations.get(results) ?? null);
    const missing = hub ? null : `${id} was not found on the Hub (or the token cannot see it)`;
    const noResults = results !== null && iterations === null ? `no iteration_N.json in ${results} yet` : null;
    return {
      id,
      role,
      stage: hub?.stage ?? null,
      hardware: hub?.hardware ?? null,
      requested_hardware: hub?.requested_hardware ?? null,
      results_dataset: results,
      iterations,
      error: missing ?? noResults,
    };
  }
}
