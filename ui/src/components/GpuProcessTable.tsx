import type { Gpu } from "../bindings/Gpu";
import { gib } from "../hosts";
import { Section } from "./Section";

/** Every compute process on the host's GPUs. */
export function GpuProcessTable({ gpus }: { gpus: readonly Gpu[] }) {
  const rows = gpus.flatMap((g) => g.processes.map((p) => ({ ...p, gpu: g.index })));
  return (
    <Section id="gpu-processes" title="GPU processes" testId="gpu-processes" aside={<span className="muted small">{rows.length}</span>}>
      {rows.length === 0 ? (
        <p className="muted">No compute process on the GPUs.</p>
      ) : (
        <div className="card table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th className="num">PID</th>
                <th>Process</th>
                <th className="num">GPU</th>
                <th className="num">Memory</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((p) => (
                <tr key={`${p.gpu}/${p.pid}/${p.mig_uuid ?? ""}`} data-testid="gpu-process">
                  <td className="num mono">{p.pid}</td>
                  <td className="mono">{p.name}</td>
                  <td className="num">{p.gpu}</td>
                  <td className="num">{p.used_memory_mib === null ? "—" : `${gib(p.used_memory_mib)} GiB`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}
