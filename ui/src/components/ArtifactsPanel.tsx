import { useState } from "react";
import type { HuldraArtifact } from "../bindings/HuldraArtifact";
import { ArtifactDetail } from "./ArtifactDetail";
import { ArtifactRow } from "./ArtifactRow";

interface Props {
  /** The artifacts the filters let through. */
  artifacts: readonly HuldraArtifact[];
  now: Date;
}

/** huldra's artifacts as a table; a click shows one in full. */
export function ArtifactsPanel({ artifacts, now }: Props) {
  const [selected, setSelected] = useState<string | null>(null);
  const open = artifacts.find((a) => a.path === selected) ?? null;
  return (
    <div className="artifacts-layout">
      <div className="card table-wrap">
        <table className="table artifact-table" data-testid="artifact-list">
          <thead>
            <tr>
              <th scope="col">Status</th>
              <th scope="col">Class</th>
              <th scope="col">Hash</th>
              <th scope="col">Owner</th>
              <th scope="col">Commit</th>
              <th scope="col">Started</th>
              <th scope="col">Error</th>
            </tr>
          </thead>
          <tbody>
            {artifacts.map((a) => (
              <ArtifactRow key={a.path} artifact={a} now={now} selected={a.path === selected} onOpen={setSelected} />
            ))}
          </tbody>
        </table>
      </div>
      <div className="runs-side">
        {open ? (
          <ArtifactDetail artifact={open} />
        ) : (
          <p className="card empty-state small">Click an artifact to see its config, who ran it and the error it recorded.</p>
        )}
      </div>
    </div>
  );
}
