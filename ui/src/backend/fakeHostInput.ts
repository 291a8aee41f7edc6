import type { HostInput } from "../bindings/HostInput";

const WORD = /^[A-Za-z0-9._][A-Za-z0-9._-]*$/;

/** As hugflow-remote's `Target::parse` and `check_path` answer, for the mistakes a user makes. */
export function hostInputError(input: HostInput): string | null {
  const name = input.name.trim();
  const [user, rest] = name.includes("@") ? [name.slice(0, name.lastIndexOf("@")), name.slice(name.lastIndexOf("@") + 1)] : [null, name];
  const [host, port] = rest.includes(":") ? [rest.slice(0, rest.indexOf(":")), rest.slice(rest.indexOf(":") + 1)] : [rest, null];
  const why =
    name === "" ? "it is empty"
    : user !== null && !WORD.test(user) ? "the user name may only contain letters, digits, '.', '_' and '-'"
    : !WORD.test(host) ? "the host name may only contain letters, digits, '.', '_' and '-'"
    : port !== null && !(Number(port) > 0 && Number(port) < 65_536 && /^\d+$/.test(port)) ? `the port ${JSON.stringify(port)} is not a number from 1 to 65535`
    : null;
  if (why !== null) {
    return `${JSON.stringify(input.name)} is not an SSH host: ${why}. Use a Host name from ~/.ssh/config (e.g. hgx-a) or user@host[:port] (e.g. ml@10.0.0.5:2222)`;
  }
  for (const [what, value] of [["The storage root", input.storage_root], ["The checkout path", input.checkout]] as const) {
    const path = value?.trim() ?? "";
    if (path !== "" && !(path.startsWith("/") || path.startsWith("~/") || path === "~")) {
      return `${what} ${JSON.stringify(path)} cannot be sent to the host: it must be an absolute path (/data/datasets) or start with ~/`;
    }
  }
  return null;
}
