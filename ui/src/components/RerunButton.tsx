import { useState } from "react";
import type { DuctaflowRun } from "../bindings/DuctaflowRun";
import type { FlowRun } from "../bindings/FlowRun";
import type { RunSource } from "../bindings/RunSource";
import { useBackend } from "../backend";
import { useAction } from "../hooks/useAction";
import { commandLine } from "../rerun";
import { ErrorBanner } from "./ErrorBanner";

interface Props {
  source: RunSource;
  /** A flow, or a build (its `pipeline` re-runs every flow of it). */
  run: FlowRun | DuctaflowRun;
  /** Called once the re-run started: the folder is read again at once to show it. */
  onStarted: () => void;
}

/** Why a run cannot be re-run when the scan gave neither a command nor a reason: it came from a `hugflow` older than the planning. */
export const NOT_PLANNED = "this host's hugflow does not say what a re-run would run; upgrade hugflow on it";

/**
 * "Re-run this flow": shows what will run and asks before starting it, since the re-run writes
 * into the run's own folder, over what the run left there.
 */
export function RerunButton({ source, run, onStarted }: Props) {
  const backend = useBackend();
  const [confirming, setConfirming] = useState(false);
  const { busy, error, run: call, clearError } = useAction();
  // As the host planned it when it read the folder (`hugflow_runs::rerun`), or why it cannot.
  const command = run.rerun_command;
  const what = "flows" in run ? "build" : "flow";
  // The host refuses a second re-run of a folder while one runs: say so before asking it.
  const why =
    command === null ? (run.rerun_blocked ?? NOT_PLANNED) : run.rerun?.state === "running" ? `this ${what} is being re-run now; stop it first` : undefined;
  const host = source.host ?? "this computer";

  async function start() {
    const started = await call(() => backend.rerunFlow(source, run.path));
    setConfirming(false);
    if (started !== undefined) onStarted();
  }

  return (
    <div className="rerun-start">
      {/* A disabled button shows no tooltip in every webview: its wrapper carries it too. */}
      <span title={why}>
        <button
          type="button"
          data-testid="flow-rerun"
          disabled={why !== undefined || busy}
          aria-busy={busy}
          aria-expanded={confirming}
          title={why}
          onClick={() => {
            clearError();
            setConfirming((open) => !open);
          }}
        >
          Re-run this {what}
        </button>
      </span>
      {confirming && command !== null ? (
        <div className="rerun-confirm" role="group" aria-label="Confirm re-run" data-testid="flow-rerun-confirm-box">
          <p className="small">
            Re-run {run.name} on {host}? It writes into the same folder, over this run&apos;s outputs and log, and keeps running if Hugflow
            closes.
          </p>
          <pre className="rerun-command" data-testid="flow-rerun-command">
            {commandLine(command)}
          </pre>
          <p className="small muted">
            As {host} worked it out when it last read the folder; it runs from the project folder that holds the script.
          </p>
          <div className="actions">
            <button type="button" className="primary" data-testid="flow-rerun-confirm" disabled={busy} aria-busy={busy} onClick={() => void start()}>
              {busy ? <span className="spinner" aria-hidden="true" /> : null}
              {busy ? "Starting…" : "Re-run"}
            </button>
            <button type="button" className="button-ghost" data-testid="flow-rerun-dismiss" disabled={busy} onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </div>
      ) : null}
      {error ? (
        <div className="rerun-error" data-testid="flow-rerun-error">
          <ErrorBanner message={`Could not re-run ${run.name}: ${error.message}`} detail={error.detail} onDismiss={clearError} />
        </div>
      ) : null}
    </div>
  );
}
