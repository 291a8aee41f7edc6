export type Page = "catalogue" | "requests" | "hosts" | "local" | "settings";

interface Props {
  page: Page;
  onNavigate: (page: Page) => void;
}

type IconName = "search" | "pull" | "server" | "stack" | "gear";

const ENTRIES: ReadonlyArray<{ page: Page; label: string; icon: IconName }> = [
  { page: "catalogue", label: "Catalogue", icon: "search" },
  { page: "requests", label: "Requests", icon: "pull" },
  { page: "hosts", label: "Hosts", icon: "server" },
  { page: "local", label: "Local datasets", icon: "stack" },
  { page: "settings", label: "Settings", icon: "gear" },
];

function Icon({ name }: { name: IconName }) {
  return (
    <svg className="nav-icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
      {name === "search" ? (
        <g fill="none" stroke="currentColor" strokeWidth="1.3" strokeLinecap="round">
          <circle cx="7" cy="7" r="4.5" />
          <path d="m10.4 10.4 4 4" />
        </g>
      ) : name === "pull" ? (
        <g fill="none" stroke="currentColor" strokeWidth="1.3" strokeLinecap="round">
          <circle cx="4" cy="3.5" r="1.7" />
          <circle cx="4" cy="12.5" r="1.7" />
          <circle cx="12" cy="12.5" r="1.7" />
          <path d="M4 5.2v5.6M12 10.8V6.5a2 2 0 0 0-2-2H7.5m1.5-1.7-1.7 1.7L9 6.2" />
        </g>
      ) : name === "server" ? (
        <g fill="none" stroke="currentColor" strokeWidth="1.3" strokeLinecap="round">
          <rect x="2" y="2.5" width="12" height="4.5" rx="1" />
          <rect x="2" y="9" width="12" height="4.5" rx="1" />
          <path d="M4.5 4.75h.01M4.5 11.25h.01M8 4.75h3.5M8 11.25h3.5" />
        </g>
      ) : name === "stack" ? (
        <path
          d="M8 1.5 14.5 5 8 8.5 1.5 5 8 1.5Zm-6.5 6L8 11l6.5-3.5M1.5 10.5 8 14l6.5-3.5"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.3"
          strokeLinejoin="round"
        />
      ) : (
        <g fill="none" stroke="currentColor" strokeWidth="1.3">
          <circle cx="8" cy="8" r="2.2" />
          <path d="M8 1.5v2M8 12.5v2M1.5 8h2M12.5 8h2M3.4 3.4l1.4 1.4M11.2 11.2l1.4 1.4M3.4 12.6l1.4-1.4M11.2 4.8l1.4-1.4" />
        </g>
      )}
    </svg>
  );
}

export function Sidebar({ page, onNavigate }: Props) {
  return (
    <aside className="sidebar">
      <div className="brand">Hugflow</div>
      <nav aria-label="Main">
        <ul className="nav-list">
          {ENTRIES.map((entry) => (
            <li key={entry.page}>
              <button
                type="button"
                className="nav-item"
                data-testid={`nav-${entry.page}`}
                aria-current={page === entry.page ? "page" : undefined}
                onClick={() => onNavigate(entry.page)}
              >
                <Icon name={entry.icon} />
                {entry.label}
              </button>
            </li>
          ))}
        </ul>
      </nav>
    </aside>
  );
}
