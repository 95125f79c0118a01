/** One notice about one overdue (or nearly due) lead, ready to send on any channel. */
export interface OwnerNotice {
  /** Idempotency key: also written into the HubSpot task body, so a resent notice finds its task. */
  key: string;
  portalId: number;
  contactId: string;
  /** The HubSpot owner the notice is for (the lead's owner, or the manager on escalation). */
  ownerId: string | null;
  kind: string;
  subject: string;
  /** Plain text: why the lead is an MQL, what it did recently, what the SLA asks. */
  body: string;
  priority: 'LOW' | 'MEDIUM' | 'HIGH';
}

/** A channel. `send` must be safe to call again with the same key after a crash (it may find its earlier send). */
export interface Notifier {
  name: string;
  /** Returns the channel's id of what it created (a task id), or null. */
  send(notice: OwnerNotice, now: number): Promise<string | null>;
}
