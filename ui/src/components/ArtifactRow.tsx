import type { HuldraArtifact } from "../bindings/HuldraArtifact";
import { formatRelative, parseTimestamp } from "../format";
import { artifactLight } from "../runs";
import { StatusLight } from "./StatusLight";

interface Props {
  artifact: HuldraArtifact;
  now: Date;
  selected: boolean;
  onOpen: (path: string) => void;
}

const shortClass = (cls: string) => cls.slice(cls.lastIndexOf(".") + 1);

/** One huldra artifact: light, class, hash, who ran it, from which commit, and why it failed. */
export function ArtifactRow({ artifact: a, now, selected, onOpen }: Props) {
  const light = artifactLight(a);
  const started = parseTimestamp(a.started_at);
  return (
    <tr className={`artifact-row${selected ? " selected" : ""}`} data-testid="artifact-row" data-hash={a.hash} data-status={a.status} onClick={() => onOpen(a.path)}>
      <td>
        <StatusLight tone={light.tone} label={light.label} />
      </td>
      <td className="nowrap">
        <button type="button" className="link-button" title={a.class} aria-current={selected ? "true" : undefined}>
          {shortClass(a.class)}
        </button>
      </td>
      <td className="mono small">{a.hash}</td>
      <td className="small nowrap">{a.owner_host === null ? "—" : `${a.owner_host}${a.owner_pid === null ? "" : ` · pid ${a.owner_pid}`}`}</td>
      <td className="mono small" title={a.git_commit ?? undefined}>
        {a.git_commit?.slice(0, 7) ?? "—"}
      </td>
      <td className="small muted nowrap" title={a.started_at ?? undefined}>
        {started === null ? "—" : formatRelative(started, now)}
      </td>
      <td className="small artifact-error truncate" title={a.error?.message}>
        {a.error ? a.error.message : a.problem ?? ""}
      </td>
    </tr>
  );
}
