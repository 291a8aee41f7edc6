import type { FlowStatus } from "../bindings/FlowStatus";
import type { Liveness } from "../bindings/Liveness";
import { StatusLight } from "./StatusLight";

const WORDS: Record<FlowStatus, string> = { success: "Success", warning: "Warning", error: "Error" };

/** A ductaflow run's light, and a badge while it has not finished. */
export function RunLight({ status, liveness }: { status: FlowStatus; liveness: Liveness }) {
  return (
    <>
      <StatusLight tone={status} label={WORDS[status]} />
      {liveness !== "finished" ? (
        <span className={`badge liveness-${liveness}`} data-testid="run-liveness" title={liveness === "abandoned" ? "The log has no end line and nothing was written for a long time: killed, or the host went down." : "The log has no end line yet."}>
          {liveness}
        </span>
      ) : null}
    </>
  );
}
