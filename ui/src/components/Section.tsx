import type { ReactNode } from "react";

interface Props {
  /** Names the heading: its id is `<id>-title`, which the section is labelled by. */
  id: string;
  /** The heading's text. */
  title: string;
  /** What sits in the head beside the heading: a count, a button, an error. */
  aside?: ReactNode;
  /** The section's test id. */
  testId?: string;
  /** The section's `data-state`, for tests that wait on what it shows. */
  state?: string;
  children: ReactNode;
}

/** A page section: its heading, anything beside the heading, then the body; the heading names the section for assistive tech. */
export function Section({ id, title, aside, testId, state, children }: Props) {
  return (
    <section className="section" aria-labelledby={`${id}-title`} data-testid={testId} data-state={state}>
      <div className="section-head">
        <h2 id={`${id}-title`}>{title}</h2>
        {aside}
      </div>
      {children}
    </section>
  );
}
