import type { Draft } from "./bindings/Draft";
import type { FieldError } from "./bindings/FieldError";
import type { HostDataset } from "./bindings/HostDataset";
import type { Plan } from "./bindings/Plan";
import type { RequestKind } from "./bindings/RequestKind";
import type { RequestState } from "./bindings/RequestState";
import { formatBytes, formatPercent } from "./format";
import defaults from "./generated/request-defaults.json";

/** What the request form opens on: a dataset to add or remove, or a blank add request. */
export interface RequestTarget {
  kind: RequestKind;
  hfId: string;
  /** The downloads hosts hold, known from the dataset page (removal only). */
  heldBy?: HostDataset[];
}

/** The form as typed; `subset` empty means the whole dataset. */
export interface RequestForm {
  kind: RequestKind;
  hfId: string;
  description: string;
  revision: string;
  subset: string;
  split: string;
  audioColumn: string;
  textColumn: string;
  reason: string;
  storageName: string;
}

/** The engine's default split, for a request that names none (from `hugflow_core::request`). */
export const DEFAULT_SPLIT = defaults.split;

export function initialForm(target: RequestTarget): RequestForm {
  return {
    kind: target.kind,
    hfId: target.hfId,
    description: "",
    revision: defaults.revision,
    subset: "",
    split: defaults.split,
    audioColumn: defaults.audio_column,
    textColumn: defaults.text_column,
    reason: "",
    storageName: target.heldBy?.[0]?.storage_name ?? "",
  };
}

const orNull = (value: string) => (value.trim() === "" ? null : value);

/** The draft the backend plans; empty options are left to the backend's defaults. */
export function toDraft(form: RequestForm): Draft {
  if (form.kind === "remove") {
    return { kind: "remove", hf_id: form.hfId, reason: form.reason, storage_name: orNull(form.storageName) };
  }
  const subset = orNull(form.subset);
  return {
    kind: "add",
    hf_id: form.hfId,
    description: form.description,
    revision: orNull(form.revision),
    subset,
    // Without a subset the whole repository is downloaded: a split means nothing then.
    split: subset === null ? null : orNull(form.split),
    audio_column: orNull(form.audioColumn),
    text_column: orNull(form.textColumn),
  };
}

export const ADD_FIELDS = ["hf_id", "description", "revision", "subset", "split", "audio_column", "text_column"] as const;
export const REMOVE_FIELDS = ["hf_id", "reason", "storage_name"] as const;

export function errorsFor(plan: Plan | null, field: string): FieldError[] {
  return plan?.errors.filter((e) => e.field === field) ?? [];
}

/** Errors the form shows under no field (e.g. a storage name too long for the file system). */
export function otherErrors(plan: Plan | null): FieldError[] {
  if (plan === null) return [];
  const shown: readonly string[] = plan.kind === "add" ? ADD_FIELDS : REMOVE_FIELDS;
  return plan.errors.filter((e) => !shown.includes(e.field));
}

/** The one-line state of a request PR, as the Requests page labels it. */
export function stateLabel(state: RequestState): string {
  switch (state.state) {
    case "pr_open":
      return "Waiting for the runner";
    case "sync_started":
      return "Sync started";
    case "downloading":
      return `Downloading ${formatPercent(state.percent).replace("%", " %")}`;
    case "complete":
      return `On the server: ${state.path} (${formatBytes(state.size_bytes)})`;
    case "failed":
      return `Failed: ${state.error.kind}`;
    case "held":
      return "Downloaded, waiting for a person to merge";
    case "merged":
      return "Merged";
    case "closed":
      return "Closed without merging";
  }
}
