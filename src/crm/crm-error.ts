export type CrmErrorCode = 'CRM.RATE_LIMITED' | 'CRM.NOT_FOUND' | 'CRM.UNAUTHORIZED' | 'CRM.VALIDATION' | 'CRM.UNAVAILABLE';

/** A CRM failure in leadloop's terms: a stable code, whether a retry can help, and HubSpot's own message. */
export class CrmError extends Error {
  constructor(
    readonly code: CrmErrorCode,
    message: string,
    readonly retryable: boolean,
    readonly details: { status?: number; retryAfterMs?: number; correlationId?: string } = {},
  ) {
    super(message);
    this.name = 'CrmError';
  }
}
