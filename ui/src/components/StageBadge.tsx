import { stageTone } from "../spaces";

/** A Space's runtime stage in its colour: running, paused, starting or building, broken, unknown. */
export function StageBadge({ stage }: { stage: string | null }) {
  const tone = stageTone(stage);
  return (
    <span className={`badge stage-${tone}`} data-testid="space-stage" data-tone={tone}>
      {stage ?? "unknown"}
    </span>
  );
}
