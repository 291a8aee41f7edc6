import type { Draft } from "../bindings/Draft";
import type { Duplicate } from "../bindings/Duplicate";
import type { FieldError } from "../bindings/FieldError";
import type { HostDataset } from "../bindings/HostDataset";
import type { Plan } from "../bindings/Plan";
import type { RequestItem } from "../bindings/RequestItem";

/**
 * The FakeBackend's copy of the core's request rules (hugflow-gitops `Draft::plan`, the core's
 * storage names and field checks): the same YAML, path, branch, title and, for the common
 * mistakes, the same errors, so the demo and the UI tests see what the app would show.
 */

const DEFAULTS = { revision: "main", split: "train", audio_column: "audio", text_column: "text" } as const;
const MAX_NAME_BYTES = 255;

const given = (value: string | null, fallback: string) => (value?.trim() ? value.trim() : fallback);

/** A storage name component: kept when plain, else percent-encoded (never `_`, `.` or `/`). */
function component(value: string): string {
  const plain =
    /^[A-Za-z0-9._-]+$/.test(value) && !value.includes("__") && !value.includes("..") && !/^_|_$/.test(value);
  if (plain) return value;
  return Array.from(new TextEncoder().encode(value), (b) => {
    const c = String.fromCharCode(b);
    return /[A-Za-z0-9-]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
  }).join("");
}

export function storageName(hfId: string, subset: string | null, split: string, revision: string): string {
  const parts = hfId.trim().split("/").map(component);
  if (subset !== null) parts.push(`subset_${component(subset)}`, `split_${component(split)}`);
  parts.push(`rev_${component(revision)}`);
  return parts.join("__");
}

type Check = (value: string) => [string, string | null] | null;

const blank: Check = (v) => (v.trim() === "" ? ["is blank", "give a value or remove the line"] : null);

const hfIdRule: Check = (id) => {
  const hint = "copy the id from the dataset's Hub page, e.g. `mozilla-foundation/common_voice_11_0`";
  const parts = id.split("/");
  if (parts.length > 2) return [`\`${id}\` has ${parts.length - 1} slashes; a Hub id is \`name\` or \`namespace/name\``, hint];
  for (const part of parts) {
    if (part === "") return [`\`${id}\` has an empty part around \`/\``, hint];
    const bad = [...part].find((c) => !/[A-Za-z0-9_.-]/.test(c));
    if (bad !== undefined) return [`\`${id}\` contains ${JSON.stringify(bad)}; only letters, digits, \`_\`, \`-\` and \`.\` are allowed`, hint];
    if (/^[-.]|[-.]$/.test(part)) return [`\`${part}\` in \`${id}\` starts or ends with \`-\` or \`.\``, hint];
  }
  if (id.includes("--") || id.includes("..")) return [`\`${id}\` contains \`--\` or \`..\`, which the Hub forbids`, hint];
  return null;
};

const nameRule: Check = (v) =>
  v.includes("/") || v.includes("..")
    ? [`\`${v}\` contains \`/\` or \`..\``, "give the config or split name as the dataset viewer lists it"]
    : null;

const revisionRule: Check = (v) => {
  const bad = [...v].find((c) => !/[A-Za-z0-9._/+@-]/.test(c));
  if (bad !== undefined) return [`\`${v}\` is not a valid revision: it contains ${JSON.stringify(bad)}`, "a revision uses letters, digits and . _ / - + @ (a branch, tag or commit sha)"];
  if (v.includes("..") || v.startsWith("/") || v.endsWith("/")) return [`\`${v}\` is not a valid git revision`, "use a branch, tag or commit sha as shown on the Hub, e.g. `main`"];
  return null;
};

/** Errors of the YAML's fields, placed where each value is written. */
function fieldErrors(yaml: string, rules: Record<string, Check>): FieldError[] {
  const errors: FieldError[] = [];
  yaml.split("\n").forEach((line, index) => {
    const key = line.slice(0, line.indexOf(":"));
    const rule = rules[key];
    if (rule === undefined) return;
    const value = JSON.parse(line.slice(key.length + 2)) as string;
    const problem = blank(value) ?? rule(key === "hf_id" ? value.trim() : value);
    if (problem) errors.push({ field: key, line: index + 1, column: key.length + 3, message: `\`${key}\` ${problem[0]}`, hint: problem[1] });
  });
  return errors;
}

export function planDraft(draft: Draft): Plan {
  const hfId = draft.hf_id.trim();
  let yaml = `hf_id: ${JSON.stringify(hfId)}\n`;
  let name: string;
  let errors: FieldError[];
  if (draft.kind === "add") {
    const subset = draft.subset?.trim() ? draft.subset.trim() : null;
    const values = {
      revision: given(draft.revision, DEFAULTS.revision),
      subset: subset ?? "",
      split: given(draft.split, DEFAULTS.split),
      audio_column: given(draft.audio_column, DEFAULTS.audio_column),
      text_column: given(draft.text_column, DEFAULTS.text_column),
    };
    yaml += `description: ${JSON.stringify(draft.description.trim())}\n`;
    for (const [key, value] of Object.entries(values)) {
      if (value !== "" && value !== DEFAULTS[key as keyof typeof DEFAULTS]) yaml += `${key}: ${JSON.stringify(value)}\n`;
    }
    name = storageName(hfId, subset, values.split, values.revision);
    errors = fieldErrors(yaml, { hf_id: hfIdRule, description: () => null, revision: revisionRule, subset: nameRule, split: nameRule, audio_column: nameRule, text_column: nameRule });
    const bytes = new TextEncoder().encode(name).length;
    if (errors.length === 0 && bytes > MAX_NAME_BYTES) {
      errors.push({ field: "revision", line: 1, column: 1, message: `the storage name would be ${bytes} bytes, over the file system's ${MAX_NAME_BYTES}`, hint: "use a shorter revision (a commit sha or tag), subset or split" });
    }
  } else {
    yaml += `reason: ${JSON.stringify(draft.reason.trim())}\n`;
    name = draft.storage_name?.trim() ? draft.storage_name : storageName(hfId, null, DEFAULTS.split, DEFAULTS.revision);
    errors = fieldErrors(yaml, { hf_id: hfIdRule, reason: () => null });
  }
  return {
    kind: draft.kind,
    hf_id: hfId,
    storage_name: name,
    path: `requests/${draft.kind}/${name}.yaml`,
    branch: `hugflow/${draft.kind}-${name}`,
    title: `${draft.kind === "add" ? "Add" : "Remove"} dataset ${hfId}`,
    yaml,
    errors,
  };
}

/** As hugflow-gitops checks it: a host holding the download, an open PR, then the base branch. */
export function findDuplicate(plan: Plan, items: readonly RequestItem[], heldBy: readonly HostDataset[], fileUrl: string): Duplicate | null {
  const held = heldBy.find((h) => h.storage_name === plan.storage_name);
  if (plan.kind === "add" && held) return { kind: "on_host", host: held.host, path: held.path };
  const same = (i: RequestItem) => i.kind === plan.kind && i.storage_name === plan.storage_name;
  const open = items.find((i) => same(i) && i.pull === "open");
  if (open) return { kind: "open_pull", number: open.number, url: open.url };
  if (plan.kind === "add" && items.some((i) => same(i) && i.pull === "merged")) return { kind: "merged", path: plan.path, url: fileUrl };
  return null;
}

export function duplicateMessage(duplicate: Duplicate): string {
  switch (duplicate.kind) {
    case "open_pull":
      return `a PR for this dataset is already open: ${duplicate.url}`;
    case "merged":
      return `${duplicate.path} is already on the base branch: it was requested and merged before; ask for removal first to fetch it again`;
    case "on_host":
      return `${duplicate.host} already holds this download${duplicate.path ? ` at ${duplicate.path}` : ""}`;
  }
}

/** `github.com` for `https://api.github.com`, the host itself for GitHub Enterprise; null when not a URL. */
export function webHost(apiUrl: string): string | null {
  try {
    const url = new URL(apiUrl.trim());
    if (url.protocol !== "https:" && url.protocol !== "http:") return null;
    return url.hostname.replace(/^api\./, "");
  } catch {
    return null;
  }
}

/** `owner/name`, or a pasted `https://github.com/owner/name(.git)`, as hugflow-github's `RepoName::parse` takes it. */
export function isRepoName(raw: string): boolean {
  const trimmed = raw.trim().replace(/\/+$/, "");
  const scheme = trimmed.indexOf("://");
  const path = scheme < 0 ? trimmed : trimmed.slice(scheme + 3).split("/").slice(1).join("/");
  const parts = path.replace(/\.git$/, "").split("/");
  return parts.length === 2 && parts.every((p) => /^[A-Za-z0-9._-]{1,100}$/.test(p) && p !== "." && p !== "..");
}

/** The user's own first, then the most recently updated. */
export function sortRequests(items: RequestItem[]): RequestItem[] {
  return [...items].sort((a, b) => Number(b.mine) - Number(a.mine) || b.updated_at.localeCompare(a.updated_at) || b.number - a.number);
}
