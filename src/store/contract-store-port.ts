import type { ContractVersion } from '../domain/contract-versions';

/** The contract's versions (config/sla.json changed, `leadloop contract adopt`, `contract propose --adopt`). */
export interface ContractStore {
  recordContractVersion(v: Omit<ContractVersion, 'id'>): Promise<ContractVersion>;
  /** Every version, oldest start first (ties: the one recorded first). */
  contractVersions(): Promise<ContractVersion[]>;
}

export interface ReviewSend {
  sendKey: string;
  month: string;
  channel: string;
  recipient: string;
  status: 'sending' | 'sent' | 'failed';
  attempts: number;
  claimedAt: number;
  sentAt: number | null;
  lastError: string | null;
}

/** Claims for the monthly review's sends: one row per month, channel and recipient. */
export interface ReviewStore {
  /**
   * Takes the send: true when this caller may send it now (a new claim, or a failed send taken up again); false when
   * it was sent, or another caller holds it, or it has failed `maxAttempts` times.
   */
  claimReviewSend(s: Pick<ReviewSend, 'sendKey' | 'month' | 'channel' | 'recipient'>, now: number, maxAttempts: number): Promise<boolean>;
  finishReviewSend(sendKey: string, outcome: { sent: true } | { sent: false; error: string }, now: number): Promise<void>;
  reviewSends(month: string): Promise<ReviewSend[]>;
}
