import type { MouseEvent } from "react";
import type { HostView } from "../bindings/HostView";
import { HostSummary } from "./HostSummary";

interface Props {
  host: HostView;
  now: Date;
  onOpen: (name: string) => void;
}

/** A click on the card opens the host, unless it was on a control, a key or text being selected. */
function opensHost(event: MouseEvent): boolean {
  const target = event.target as HTMLElement;
  return target.closest("button, a, input, select, textarea, code") === null && (window.getSelection()?.toString() ?? "") === "";
}

export function HostCard({ host, now, onOpen }: Props) {
  return (
    <li
      className="card host-card is-clickable"
      data-testid="host-card"
      data-host={host.name}
      data-state={host.connection.state}
      onClick={(e) => {
        if (opensHost(e)) onOpen(host.name);
      }}
    >
      <HostSummary host={host} now={now} onOpen={() => onOpen(host.name)} />
    </li>
  );
}
