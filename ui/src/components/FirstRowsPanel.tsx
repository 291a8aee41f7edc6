import { useFirstRows } from "../hooks/useFirstRows";
import { FirstRowsTable } from "./FirstRowsTable";

interface Props {
  id: string;
  config: string;
  split: string;
}

export function FirstRowsPanel({ id, config, split }: Props) {
  const state = useFirstRows(id, config, split);
  if (state.kind === "loading") {
    return (
      <p className="muted" aria-live="polite">
        Loading the first rows of {config} / {split}…
      </p>
    );
  }
  if (state.kind === "error") {
    return (
      <p className="secret-error" role="alert" data-testid="first-rows-error">
        {state.error.message}
      </p>
    );
  }
  return <FirstRowsTable rows={state.rows} />;
}
