/** Protocols a card's links may use; anything else (javascript:, data:, relative paths) is dropped. */
const LINK_PROTOCOLS = new Set(["http:", "https:", "mailto:"]);

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** A link target kept as written (normalised), or null to drop it. */
export function safeLinkUrl(url: string): string | null {
  const parsed = parse(url);
  return parsed !== null && LINK_PROTOCOLS.has(parsed.protocol) ? parsed.href : null;
}

/** An image source: https only (the CSP then limits which hosts actually load). */
export function safeImageUrl(url: string): string | null {
  const parsed = parse(url);
  return parsed !== null && parsed.protocol === "https:" ? parsed.href : null;
}

/** `urlTransform` for react-markdown: `src` follows the image rule, every other URL the link rule. */
export function markdownUrl(url: string, key: string): string | null {
  return key === "src" ? safeImageUrl(url) : safeLinkUrl(url);
}
