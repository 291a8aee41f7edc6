import { memo, useState, type ComponentProps } from "react";
import Markdown, { type Components } from "react-markdown";
import remarkGfm from "remark-gfm";
import { markdownUrl } from "../markdownUrls";
import { ExternalLink } from "./ExternalLink";

const REMARK_PLUGINS = [remarkGfm];

/** A link whose URL was dropped (see `markdownUrl`) stays as its text; the others open through the backend. */
function CardLink({ href, children }: ComponentProps<"a">) {
  if (!href) return <span>{children}</span>;
  return <ExternalLink url={href}>{children}</ExternalLink>;
}

/** An image the app may not load (dropped URL, blocked host, broken link) shows its alt text. */
function CardImage({ src, alt, title }: ComponentProps<"img">) {
  const [failed, setFailed] = useState(false);
  if (!src || failed) return alt ? <span className="muted">[{alt}]</span> : null;
  return <img src={src} alt={alt ?? ""} title={title} loading="lazy" referrerPolicy="no-referrer" onError={() => setFailed(true)} />;
}

/** Wide tables scroll on their own rather than widening the page. */
function CardTable({ children }: ComponentProps<"table">) {
  return (
    <div className="markdown-table">
      <table>{children}</table>
    </div>
  );
}

const COMPONENTS: Components = { a: CardLink, img: CardImage, table: CardTable };

/**
 * A dataset card's Markdown (GitHub flavour), from the Hub and so untrusted: raw HTML is
 * dropped, links keep only http(s) and mailto URLs and open outside the app when the
 * backend's allow-list admits them, images load only over https.
 */
export const CardMarkdown = memo(function CardMarkdown({ markdown }: { markdown: string }) {
  return (
    <div className="markdown" data-testid="dataset-card-markdown">
      <Markdown remarkPlugins={REMARK_PLUGINS} skipHtml urlTransform={markdownUrl} components={COMPONENTS}>
        {markdown}
      </Markdown>
    </div>
  );
});
