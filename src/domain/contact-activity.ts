/**
 * A contact's normalised history, whatever its source (webhook property changes, the Forms API, deals).
 * Times are epoch milliseconds.
 */
export type ContactActivity =
  | { kind: 'form_submitted'; at: number; formId?: string; formName?: string; pageUrl?: string; fields?: Record<string, string> }
  | { kind: 'page_viewed'; at: number; url?: string }
  | { kind: 'email_opened'; at: number; campaign?: string }
  | { kind: 'email_clicked'; at: number; campaign?: string }
  | { kind: 'deal_associated'; at: number; dealId: string }
  | { kind: 'deal_won'; at: number; dealId: string };

export type ActivityKind = ContactActivity['kind'];

/** A contact as HubSpot's object API shapes it: `{ id, properties }`, values as strings. */
export interface ContactSnapshot {
  id: string;
  properties: Readonly<Record<string, string | null | undefined>>;
}
