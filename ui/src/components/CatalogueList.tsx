import { useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type Ref } from "react";
import type { CatalogueEntry } from "../bindings/CatalogueEntry";
import type { ResultSource } from "../resultSource";
import { rowTop, scrollTopToShow, virtualWindow } from "../virtual";
import { CatalogueRow } from "./CatalogueRow";

export const ROW_HEIGHT = 60;
const OVERSCAN = 8;
/** Used until the list is measured (and in jsdom, which has no layout). */
const FALLBACK_VIEWPORT = 600;

interface Props {
  source: ResultSource;
  selected: number;
  now: Date;
  /** False while the page is hidden (a dataset is open): the scroll position is restored on return. */
  active: boolean;
  onOpen: (entry: CatalogueEntry, index: number) => void;
  onToggleFavourite: (entry: CatalogueEntry) => void;
  onKeyDown: (event: KeyboardEvent<HTMLDivElement>) => void;
  listRef?: Ref<HTMLDivElement>;
}

/** The virtualized result list: fixed-height rows, only the visible window (plus overscan) rendered. */
export function CatalogueList({ source, selected, now, active, onOpen, onToggleFavourite, onKeyDown, listRef }: Props) {
  const scroller = useRef<HTMLDivElement | null>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(FALLBACK_VIEWPORT);
  const saved = useRef(0);
  const count = source.total ?? 0;
  const win = virtualWindow({ count, rowHeight: ROW_HEIGHT, viewport, scrollTop, overscan: OVERSCAN });

  // Measure the viewport, and again when the window is resized.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el === null) return;
    const measure = () => setViewport(el.clientHeight > 0 ? el.clientHeight : FALLBACK_VIEWPORT);
    measure();
    if (typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // Other results: back to the top.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el === null) return;
    el.scrollTop = 0;
    saved.current = 0;
    setScrollTop(0);
  }, [source.key]);

  // Back from a dataset: where the list was.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!active || el === null) return;
    if (el.scrollTop !== saved.current) el.scrollTop = saved.current;
    setScrollTop(saved.current);
  }, [active]);

  const { first, last } = win;
  const { ensure } = source;
  useEffect(() => {
    if (active) ensure(first, last);
  }, [active, ensure, first, last, source.get]);

  // Keep the selected row in view.
  useLayoutEffect(() => {
    const el = scroller.current;
    // A hidden list reads scrollTop 0 in WebKit: never scroll it (opening a row selects it).
    if (el === null || !active || selected < 0 || selected >= count) return;
    const next = scrollTopToShow(selected, { count, rowHeight: ROW_HEIGHT, viewport, scrollTop: el.scrollTop });
    if (Math.abs(next - el.scrollTop) >= 1) {
      el.scrollTop = next;
      saved.current = next;
      setScrollTop(next);
    }
    // Only when the selection moves: scrolling by hand must not snap back to it.
  }, [selected]);

  const setRefs = useCallback(
    (el: HTMLDivElement | null) => {
      scroller.current = el;
      if (typeof listRef === "function") listRef(el);
      else if (listRef) listRef.current = el;
    },
    [listRef],
  );

  const rows = [];
  for (let i = first; i < last; i++) {
    rows.push(
      <CatalogueRow
        key={i}
        index={i}
        entry={source.get(i)}
        top={rowTop(i, ROW_HEIGHT, win)}
        height={ROW_HEIGHT}
        selected={i === selected}
        now={now}
        optionId={`catalogue-option-${i}`}
        onOpen={onOpen}
        onToggleFavourite={onToggleFavourite}
      />,
    );
  }

  return (
    <div
      ref={setRefs}
      id="catalogue-results"
      className="catalogue-results card"
      data-testid="catalogue-results"
      role="listbox"
      aria-label="Datasets"
      aria-activedescendant={selected >= 0 && selected < count ? `catalogue-option-${selected}` : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
      onScroll={(e) => {
        // A hidden list may report 0; keep where it was for the return.
        if (!active) return;
        saved.current = e.currentTarget.scrollTop;
        setScrollTop(e.currentTarget.scrollTop);
      }}
    >
      <div className="catalogue-results-inner" style={{ height: win.height }}>
        {rows}
      </div>
    </div>
  );
}
