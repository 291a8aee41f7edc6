interface Props {
  text: string;
  filtered: boolean;
  searchingHub: boolean;
  onSearchHub: () => void;
  onClearFilters: () => void;
}

/** Nothing in the local catalogue matches: offer the Hub (for text) or dropping the filters. */
export function NoMatch({ text, filtered, searchingHub, onSearchHub, onClearFilters }: Props) {
  const trimmed = text.trim();
  return (
    <section className="card empty-state no-match" data-testid="catalogue-no-match">
      <p>
        {trimmed === ""
          ? "No dataset in the local catalogue matches these filters."
          : `No dataset in the local catalogue matches “${trimmed}”${filtered ? " with these filters" : ""}.`}
      </p>
      <div className="actions centered">
        {trimmed !== "" ? (
          <button type="button" className="primary" data-testid="search-hub" onClick={onSearchHub} disabled={searchingHub}>
            {searchingHub ? "Searching the Hub…" : `Search the Hub for “${trimmed}”`}
          </button>
        ) : null}
        {filtered ? (
          <button type="button" data-testid="no-match-clear-filters" onClick={onClearFilters}>
            Clear filters
          </button>
        ) : null}
      </div>
    </section>
  );
}
