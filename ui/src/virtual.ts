/**
 * Windowing for a list of fixed-height rows: only the rows in view (plus some overscan) are
 * rendered. Browsers cap an element's height (about 17 M px in Firefox, 33 M px in WebKit), so
 * past `MAX_SCROLL_HEIGHT` the scroll range is compressed: one pixel of scroll moves more than
 * one pixel of rows, and rows are placed relative to the scroll position.
 */
export const MAX_SCROLL_HEIGHT = 8_000_000;

export interface WindowInput {
  count: number;
  rowHeight: number;
  /** Height of the scrolling viewport. */
  viewport: number;
  scrollTop: number;
  overscan: number;
  maxHeight?: number;
}

export interface VirtualWindow {
  /** Height of the scrolled content. */
  height: number;
  /** First rendered row. */
  first: number;
  /** One past the last rendered row. */
  last: number;
  /** Real pixels per scroll pixel (1 unless compressed). */
  ratio: number;
  /** Offset of the content's real top at this scroll position. */
  shift: number;
}

function ratioOf(count: number, rowHeight: number, viewport: number, maxHeight: number) {
  const real = count * rowHeight;
  const height = Math.min(real, maxHeight);
  const ratio = real > maxHeight && height > viewport ? (real - viewport) / (height - viewport) : 1;
  return { height, ratio };
}

export function virtualWindow(input: WindowInput): VirtualWindow {
  const { count, rowHeight, viewport, overscan } = input;
  const { height, ratio } = ratioOf(count, rowHeight, viewport, input.maxHeight ?? MAX_SCROLL_HEIGHT);
  const scrollTop = Math.max(0, input.scrollTop);
  const realTop = scrollTop * ratio;
  const first = Math.max(0, Math.floor(realTop / rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((realTop + viewport) / rowHeight) + overscan);
  return { height, first: Math.min(first, last), last, ratio, shift: scrollTop - realTop };
}

/** Where row `index` is drawn inside the content. */
export function rowTop(index: number, rowHeight: number, win: VirtualWindow): number {
  return index * rowHeight + win.shift;
}

/** The scrollTop that brings row `index` into view, moving as little as possible. */
export function scrollTopToShow(index: number, input: Omit<WindowInput, "overscan">): number {
  const { count, rowHeight, viewport, scrollTop } = input;
  const { ratio } = ratioOf(count, rowHeight, viewport, input.maxHeight ?? MAX_SCROLL_HEIGHT);
  const realTop = scrollTop * ratio;
  const top = index * rowHeight;
  if (top < realTop) return top / ratio;
  if (top + rowHeight > realTop + viewport) return (top + rowHeight - viewport) / ratio;
  return scrollTop;
}
