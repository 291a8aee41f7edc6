import type { RunSource } from "../bindings/RunSource";
import { useBackend } from "../backend";
import { useAction } from "../hooks/useAction";

interface Props {
  source: RunSource;
  /** The re-run flow's path, relative to the source's folder. */
  flow: string;
  /** Called once it stopped: the folder is read again at once to show how it ended. */
  onStopped: () => void;
}

/** Stops a running re-run (the flow gets a SIGTERM, then a kill if it lingers). */
export function RerunStopButton({ source, flow, onStopped }: Props) {
  const backend = useBackend();
  const { busy, error, run } = useAction();

  async function stop() {
    const state = await run(() => backend.cancelRerun(source, flow));
    if (state !== undefined) onStopped();
  }

  return (
    <div className="rerun-stop">
      <button type="button" className="danger" data-testid="flow-rerun-cancel" disabled={busy} aria-busy={busy} onClick={() => void stop()}>
        {busy ? <span className="spinner" aria-hidden="true" /> : null}
        {busy ? "Stopping…" : "Stop"}
      </button>
      {error ? (
        <p className="field-error" role="alert" data-testid="flow-rerun-cancel-error">
          Could not stop the re-run: {error.message}
        </p>
      ) : null}
    </div>
  );
}
