interface Props {
  on: boolean;
  label: string;
  onToggle: () => void;
  testId?: string;
  /** -1 inside a list row, whose keyboard model is the list's. */
  tabIndex?: number;
}

/** A star that marks a dataset as a favourite. */
export function FavouriteStar({ on, label, onToggle, testId = "favourite-toggle", tabIndex }: Props) {
  return (
    <button
      type="button"
      className={on ? "star is-on" : "star"}
      data-testid={testId}
      aria-pressed={on}
      aria-label={on ? `Remove ${label} from favourites` : `Add ${label} to favourites`}
      title={on ? "Favourite" : "Add to favourites"}
      tabIndex={tabIndex}
      onClick={(event) => {
        event.stopPropagation();
        onToggle();
      }}
    >
      {on ? "★" : "☆"}
    </button>
  );
}
