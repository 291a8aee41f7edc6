import type { SpaceStatus } from "../bindings/SpaceStatus";
import { formatCount } from "../format";
import { hardwareText } from "../spaces";
import { SpaceActions } from "./SpaceActions";
import { StageBadge } from "./StageBadge";

interface Props {
  space: SpaceStatus;
  onChanged: () => void;
}

/** One watched Space: what it is for, its stage and hardware, a worker's iterations, and its actions. */
export function SpaceRow({ space, onChanged }: Props) {
  return (
    <li className="space-row" data-testid="space-row" data-space={space.id}>
      <div className="progress-line">
        <span className="strong mono">{space.id}</span>
        <span className="badge" data-testid="space-role">
          {space.role}
        </span>
        <StageBadge stage={space.stage} />
        <span className="spacer" />
        <span className="small muted" data-testid="space-hardware">
          {hardwareText(space)}
        </span>
      </div>
      {space.results_dataset !== null ? (
        <p className="small" data-testid="space-iterations">
          {space.iterations === null ? "No iteration yet" : `Iteration ${formatCount(space.iterations)}`}
          <span className="muted"> in </span>
          <span className="mono">{space.results_dataset}</span>
        </p>
      ) : null}
      {space.error ? (
        <p className="field-error" data-testid="space-error">
          {space.error}
        </p>
      ) : null}
      <SpaceActions space={space} onChanged={onChanged} />
    </li>
  );
}
