import type { Cell } from "../cells";

const THUMB = 64;

function thumbSize(width: number | null, height: number | null) {
  if (!width || !height) return { width: THUMB, height: THUMB };
  const scale = Math.min(1, THUMB / Math.max(width, height));
  return { width: Math.round(width * scale), height: Math.round(height * scale) };
}

/** One preview cell; audio and images load only when shown (and audio only when played). */
export function FirstRowsCell({ cell }: { cell: Cell }) {
  switch (cell.kind) {
    case "audio":
      return <audio controls preload="none" src={cell.src} data-testid="cell-audio" />;
    case "image":
      return (
        <img className="thumb" loading="lazy" src={cell.src} alt="" data-testid="cell-image" {...thumbSize(cell.width, cell.height)} />
      );
    case "number":
      return <>{cell.text}</>;
    case "text":
      return <span title={cell.full !== cell.text ? cell.full : undefined}>{cell.text}</span>;
    case "empty":
      return <span className="muted">{cell.text}</span>;
  }
}
