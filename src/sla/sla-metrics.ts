/** What the SLA tracker and audit report (`/metrics`), as plain calls. */
export interface SlaMetrics {
  /** An SLA item opened (an MQL). */
  opened(): void;
  /** An item moved into `status` (overdue, met, breached, closed). */
  transition(status: string): void;
  /** A notice handed to one channel: it took it (`sent`) or threw (`failed`). */
  notice(channel: string, outcome: 'sent' | 'failed'): void;
  /** A notice one channel never took after the last retry: a dead letter (`leadloop sla list --failed`). */
  deadLetter(channel: string): void;
  /** Contacts whose SLA status the audit wrote to the CRM. */
  statusesWritten(n: number): void;
}
