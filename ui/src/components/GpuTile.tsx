import type { Gpu } from "../bindings/Gpu";
import { fraction, gib, orDash } from "../hosts";
import { Meter } from "./Meter";

/** One GPU in a few lines: utilisation and memory bars, temperature, power and processes. */
export function GpuTile({ gpu }: { gpu: Gpu }) {
  const util = gpu.utilization_gpu;
  const used = gpu.memory_used_mib;
  const total = gpu.memory_total_mib;
  const processes = gpu.processes.length;
  return (
    <li className="gpu-tile" data-testid="gpu-card" data-index={gpu.index}>
      <div className="gpu-tile-head">
        <span className="strong">GPU {gpu.index}</span>
        <span className="muted small truncate" title={gpu.name} data-testid="gpu-name">
          {gpu.name.replace(/^NVIDIA /, "")}
        </span>
      </div>
      <Meter label="Util" value={util === null ? null : util / 100} text={orDash(util, " %")} testId="gpu-util" />
      <Meter
        label="Mem"
        value={fraction(used, total)}
        text={used === null || total === null ? "—" : `${gib(used)} / ${gib(total)} GiB`}
        testId="gpu-memory"
      />
      <div className="gpu-tile-facts small">
        <span data-testid="gpu-temp">{orDash(gpu.temperature_c, " °C")}</span>
        <span data-testid="gpu-power">
          {orDash(gpu.power_draw_w, "")} / {orDash(gpu.power_limit_w, " W")}
        </span>
        <span data-testid="gpu-process-count" className="muted">
          {processes === 1 ? "1 process" : `${processes} processes`}
        </span>
      </div>
    </li>
  );
}
