import type { HostSnapshot } from "../bindings/HostSnapshot";
import { formatBytes } from "../format";
import { fraction } from "../hosts";
import { Meter } from "./Meter";

/** The dataset disk (the first one reported), load and memory of a host. */
export function HostResources({ snapshot }: { snapshot: HostSnapshot }) {
  const disk = snapshot.disks[0];
  const { load, memory } = snapshot;
  const memoryUsed = memory ? memory.total_bytes - memory.available_bytes : null;
  return (
    <div className="host-resources">
      {disk ? (
        <Meter
          label={`Disk ${disk.mount}`}
          value={fraction(disk.used_bytes, disk.size_bytes)}
          text={`${formatBytes(disk.used_bytes)} / ${formatBytes(disk.size_bytes)}`}
          testId="host-disk"
        />
      ) : (
        <p className="muted small" data-testid="host-disk">
          No disk reported.
        </p>
      )}
      {memory ? (
        <Meter label="Memory" value={fraction(memoryUsed, memory.total_bytes)} text={`${formatBytes(memoryUsed)} / ${formatBytes(memory.total_bytes)}`} testId="host-memory" />
      ) : null}
      <p className="small" data-testid="host-load">
        <span className="muted">Load </span>
        {load ? `${load.one.toFixed(2)} · ${load.five.toFixed(2)} · ${load.fifteen.toFixed(2)}` : "—"}
      </p>
    </div>
  );
}
