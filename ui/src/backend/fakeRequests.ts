import type { Duplicate } from "../bindings/Duplicate";
import type { HostDataset } from "../bindings/HostDataset";
import type { Plan } from "../bindings/Plan";
import type { RequestItem } from "../bindings/RequestItem";

/**
 * The FakeBackend's request helpers around the plans it looks up (`fakeRules.ts`): duplicates,
 * their messages, the fake GitHub's links and the list order.
 */

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

/**
 * The fake GitHub's web host for its PR and file links: `github.com` for `https://api.github.com`,
 * the host itself for GitHub Enterprise; null when not a URL. (The app takes these links from
 * GitHub's answers; whether an API URL is valid comes from rules.json.)
 */
export function webHost(apiUrl: string): string | null {
  try {
    const url = new URL(apiUrl.trim());
    if (url.protocol !== "https:" && url.protocol !== "http:") return null;
    return url.hostname.replace(/^api\./, "");
  } catch {
    return null;
  }
}

/** The user's own first, then the most recently updated. */
export function sortRequests(items: RequestItem[]): RequestItem[] {
  return [...items].sort((a, b) => Number(b.mine) - Number(a.mine) || b.updated_at.localeCompare(a.updated_at) || b.number - a.number);
}
