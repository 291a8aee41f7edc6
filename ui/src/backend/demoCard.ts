import type { CatalogueEntry } from "../bindings/CatalogueEntry";
import { tagValues } from "../tags";

/**
 * A demo dataset card in Markdown, as the Hub serves it: headings, a list, a table, links,
 * code, and the kind of raw HTML and script URL the page must never render.
 */
export function demoCard(entry: CatalogueEntry, revision: string | null = null): string {
  const languages = tagValues(entry.tags, "language");
  const licence = tagValues(entry.tags, "license")[0] ?? "unknown";
  return `# ${entry.title || entry.id}

${revision ? `> This is the card at **${revision}**; the default branch may differ.\n\n` : ""}${entry.description}

## Dataset structure

- **Languages:** ${languages.length > 0 ? languages.join(", ") : "n/a"}
- **Licence:** \`${licence}\`
- Splits: \`train\`, \`validation\`, \`test\`

| Split | Share | Notes |
| --- | ---: | --- |
| train | 80% | shuffled |
| validation | 10% | held out |
| test | 10% | held out |

## Usage

\`\`\`python
from datasets import load_dataset

ds = load_dataset("${entry.id}", split="train")
\`\`\`

See the [Hugging Face docs](https://huggingface.co/docs/datasets) or write to <maintainers@example.com>.

## Sanitization check

Raw HTML is dropped: <img src=x onerror="alert('card image')"> nothing shows between the colon and this sentence.

<script>alert("card script")</script>

A [script link](javascript:alert(1)) stays text, and ![a data image](data:image/png;base64,AAAA) shows only its alt text.
`;
}
