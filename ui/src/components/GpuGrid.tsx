import type { HostSnapshot } from "../bindings/HostSnapshot";
import { GpuTile } from "./GpuTile";

/** Why no GPU shows, in words; null when they could be read. */
function statusMessage(status: HostSnapshot["gpu_status"]): string | null {
  switch (status.state) {
    case "ok":
      return null;
    case "no_nvidia_smi":
      return "nvidia-smi is not installed on this host, so its GPUs cannot be read. Disk and load still update.";
    case "no_gpus":
      return `nvidia-smi found no GPU: ${status.message}. Disk and load still update.`;
  }
}

export function GpuGrid({ snapshot }: { snapshot: HostSnapshot }) {
  const message = statusMessage(snapshot.gpu_status);
  if (message !== null) {
    return (
      <p className="host-note" data-testid="gpu-status" data-state={snapshot.gpu_status.state}>
        {message}
      </p>
    );
  }
  return (
    <ul className="gpu-grid" aria-label="GPUs">
      {snapshot.gpus.map((gpu) => (
        <GpuTile key={gpu.uuid || gpu.index} gpu={gpu} />
      ))}
    </ul>
  );
}
