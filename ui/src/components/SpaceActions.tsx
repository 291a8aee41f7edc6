import { useState } from "react";
import type { SpaceStatus } from "../bindings/SpaceStatus";
import { useBackend } from "../backend";
import { useAction } from "../hooks/useAction";
import { canPause } from "../spaces";
import { ErrorBanner } from "./ErrorBanner";

interface Props {
  space: SpaceStatus;
  /** Called after a restart or a pause went through, to read the Spaces again. */
  onChanged: () => void;
}

type Pending = "restart" | "pause" | null;

const CONFIRM: Record<"restart" | "pause", (id: string) => string> = {
  restart: (id) => `Restart ${id}? Whatever it is doing now stops, and it starts again from its code.`,
  pause: (id) => `Pause ${id}? It stops and uses no hardware until it is restarted.`,
};

/** Restart and Pause, each asked again in place before it is sent to the Hub. */
export function SpaceActions({ space, onChanged }: Props) {
  const backend = useBackend();
  const [pending, setPending] = useState<Pending>(null);
  const { busy, error, run, clearError } = useAction();

  async function confirm(action: "restart" | "pause") {
    const done = await run(async () => {
      await (action === "restart" ? backend.restartSpace(space.id) : backend.pauseSpace(space.id));
      return true;
    });
    setPending(null);
    if (done) onChanged();
  }

  return (
    <div className="space-actions">
      {pending === null ? (
        <div className="actions">
          <button type="button" data-testid="space-restart" disabled={busy} onClick={() => setPending("restart")}>
            Restart
          </button>
          <button type="button" data-testid="space-pause" disabled={busy || !canPause(space.stage)} onClick={() => setPending("pause")}>
            Pause
          </button>
        </div>
      ) : (
        <div className="actions space-confirm" role="group" aria-label={`Confirm ${pending}`}>
          <span className="small">{CONFIRM[pending](space.id)}</span>
          <button type="button" className={pending === "pause" ? "danger" : "primary"} data-testid="space-confirm" disabled={busy} onClick={() => void confirm(pending)}>
            {busy ? (pending === "restart" ? "Restarting…" : "Pausing…") : pending === "restart" ? "Restart" : "Pause"}
          </button>
          <button type="button" className="button-ghost" data-testid="space-cancel" disabled={busy} onClick={() => setPending(null)}>
            Cancel
          </button>
        </div>
      )}
      {error ? <ErrorBanner message={error.message} detail={error.detail} onDismiss={clearError} /> : null}
    </div>
  );
}
