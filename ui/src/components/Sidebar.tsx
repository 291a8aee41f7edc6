export type Page = "catalogue" | "requests" | "hosts" | "runs" | "retrain" | "spaces" | "local" | "settings";

interface Props {
  page: Page;
  onNavigate: (page: Page) => void;
}

type IconName = "search" | "pull" | "server" | "runs" | "cycle" | "spaces" | "stack" | "gear";

const ENTRIES: ReadonlyArray<{ page: Page; label: string; icon: IconName }> = [
  { page: "catalogue", label: "Catalogue", icon: "search" },
  { page: "requests", label: "Requests", icon: "pull" },
  { page: "hosts", label: "Hosts", icon: "server" },
  { page: "runs", label: "Runs", icon: "runs" },
  { page: "retrain", label: "Retrain", icon: "cycle" },
  { page: "spaces", label: "Spaces", icon: "spaces" },
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
      ) : name === "runs" ? (
        <g fill="none" stroke="currentColor" strokeWidth="1.3" strokeLinecap="round">
          <circle cx="3" cy="4" r="1.3" />
          <circle cx="3" cy="8" r="1.3" />
          <circle cx="3" cy="12" r="1.3" />
          <path d="M6.5 4h7M6.5 8h7M6.5 12h7" />
        </g>
      ) : name === "cycle" ? (
        <g fill="none" stroke="currentColor" strokeWidth="1.3" strokeLinecap="round" strokeLinejoin="round">
          <path d="M13.5 7A5.5 5.5 0 0 0 3.6 4.2M2.5 9a5.5 5.5 0 0 0 9.9 2.8" />
          <path d="M3.2 1.8v2.6h2.6M12.8 14.2v-2.6h-2.6" />
        </g>
      ) : name === "spaces" ? (
        <g fill="none" stroke="currentColor" strokeWidth="1.3" strokeLinejoin="round">
          <rect x="2" y="2" width="5" height="5" rx="1" />
          <rect x="9" y="2" width="5" height="5" rx="1" />
          <rect x="2" y="9" width="5" height="5" rx="1" />
          <rect x="9" y="9" width="5" height="5" rx="2.5" />
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
