/**
 * HubSpot keeps note and task bodies as rich text and re-serialises the HTML it is given: what comes back is not
 * byte for byte what was sent. The sandbox does what any HTML serialiser does to text: `>` outside a tag becomes
 * `&gt;` and a run of spaces keeps its width with `&nbsp;`. The exact rewrite HubSpot applies is unverified; the
 * point is that an app must not find its own note again by a raw substring that such a rewrite could change.
 */
export function normaliseRichText(html: string): string {
  return html.replace(/(^|>)([^<]*)/g, (_m, open: string, text: string) => open + text.replace(/>/g, '&gt;').replace(/ {2}/g, ' &nbsp;'));
}

/** The rich-text properties of engagements. */
export const RICH_TEXT_PROPERTIES: Readonly<Record<string, string>> = { notes: 'hs_note_body', tasks: 'hs_task_body' };
