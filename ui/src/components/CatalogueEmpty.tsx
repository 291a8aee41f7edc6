interface Props {
  busy: boolean;
  onRefresh: () => void;
}

/** The catalogue has never been filled. */
export function CatalogueEmpty({ busy, onRefresh }: Props) {
  return (
    <section className="card empty-state catalogue-empty" data-testid="catalogue-empty">
      <p className="strong">The local catalogue is empty.</p>
      <p>
        Hugflow searches a copy of the Hub's list of datasets kept on this computer, so search answers as you type
        and still works offline. Reading the whole list takes a few minutes the first time; later refreshes only fetch
        what changed.
      </p>
      <div>
        <button type="button" className="primary" data-testid="catalogue-refresh-full" onClick={onRefresh} disabled={busy}>
          Refresh catalogue
        </button>
      </div>
    </section>
  );
}
