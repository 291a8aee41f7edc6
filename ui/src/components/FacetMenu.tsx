import { useEffect, useId, useRef, useState } from "react";
import type { Facet } from "../catalogue";

interface Props {
  facet: Facet;
  selected: readonly string[];
  onChange: (values: string[]) => void;
}

/** A dropdown of checkboxes for one facet; values are OR-ed. */
export function FacetMenu({ facet, selected, onChange }: Props) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const panelId = useId();

  useEffect(() => {
    if (!open) return;
    function outside(event: MouseEvent) {
      if (root.current && !root.current.contains(event.target as Node)) setOpen(false);
    }
    document.addEventListener("mousedown", outside);
    return () => document.removeEventListener("mousedown", outside);
  }, [open]);

  function toggle(value: string) {
    onChange(selected.includes(value) ? selected.filter((v) => v !== value) : [...selected, value]);
  }

  return (
    <div
      className="facet"
      ref={root}
      onKeyDown={(e) => {
        if (e.key === "Escape" && open) {
          e.stopPropagation();
          setOpen(false);
        }
      }}
    >
      <button
        type="button"
        className={selected.length > 0 ? "facet-button is-active" : "facet-button"}
        data-testid={`filter-${facet.testId}`}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
      >
        {facet.label}
        {selected.length > 0 ? <span className="facet-count">{selected.length}</span> : null}
        <span aria-hidden="true" className="facet-caret">
          ▾
        </span>
      </button>
      {open ? (
        <fieldset className="facet-panel card" id={panelId}>
          <legend className="sr-only">{facet.label}</legend>
          {facet.options.map((value) => (
            <label key={value} className="facet-option">
              <input
                type="checkbox"
                data-testid={`filter-${facet.testId}-${value}`}
                checked={selected.includes(value)}
                onChange={() => toggle(value)}
              />
              <span className="mono">{value}</span>
            </label>
          ))}
        </fieldset>
      ) : null}
    </div>
  );
}
