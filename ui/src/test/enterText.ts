import type { UserEvent } from "@testing-library/user-event";

/**
 * Enters `text` into `field` in one change, as a paste does. The request form asks for a plan
 * on every change, and the fake backend knows plans only for the drafts listed in
 * crates/hugflow-api/src/rule_fixtures.rs, not for each keystroke's prefix.
 */
export async function enterText(user: UserEvent, field: HTMLElement, text: string): Promise<void> {
  await user.click(field);
  await user.paste(text);
}
