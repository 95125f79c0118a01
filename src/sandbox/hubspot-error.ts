import { randomUUID } from 'node:crypto';

/** HubSpot's JSON error body: `status`, `message`, `correlationId`, `category` (and extras such as `errors[]`). */
export class HubspotError extends Error {
  constructor(
    readonly status: number,
    readonly category: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  body(): Record<string, unknown> {
    return { status: 'error', message: this.message, correlationId: randomUUID(), category: this.category, ...this.extra };
  }
}

export const notFound = (what: string) => new HubspotError(404, 'OBJECT_NOT_FOUND', `resource not found: ${what}`);
export const validation = (message: string, extra: Record<string, unknown> = {}) => new HubspotError(400, 'VALIDATION_ERROR', message, extra);
