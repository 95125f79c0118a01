import { CrmError } from '../crm-error';

interface ApiExceptionLike {
  code: number;
  body?: unknown;
  headers?: Record<string, string>;
}

function isApiException(e: unknown): e is ApiExceptionLike {
  // Each generated API module of @hubspot/api-client has its own ApiException class: match the shape.
  return typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'number' && 'body' in e;
}

function bodyOf(e: ApiExceptionLike): { message?: string; policyName?: string; correlationId?: string; category?: string } {
  if (typeof e.body === 'string') {
    try {
      return JSON.parse(e.body) as object;
    } catch {
      return { message: e.body };
    }
  }
  return (e.body ?? {}) as object;
}

/** Retry-After is seconds (HTTP); HubSpot's TEN_SECONDLY_ROLLING policy means "wait for the window". */
function retryAfterMs(headers: Record<string, string> | undefined, policyName: string | undefined): number | undefined {
  const header = headers?.['retry-after'] ?? headers?.['Retry-After'];
  if (header !== undefined && /^\d+(\.\d+)?$/.test(header)) return Math.ceil(Number(header) * 1000);
  const interval = headers?.['x-hubspot-ratelimit-interval-milliseconds'];
  if (interval && /^\d+$/.test(interval)) return Number(interval);
  if (policyName === 'TEN_SECONDLY_ROLLING') return 10_000;
  if (policyName === 'SECONDLY') return 1_000;
  return undefined;
}

/** HubSpot's ApiException {code, body, headers}, or a network failure, in leadloop's own terms. */
export function mapHubspotError(e: unknown, what: string): CrmError {
  if (e instanceof CrmError) return e;
  if (!isApiException(e)) {
    const message = e instanceof Error ? e.message : String(e);
    return new CrmError('CRM.UNAVAILABLE', `${what}: HubSpot could not be reached (${message})`, true);
  }
  const body = bodyOf(e);
  const status = e.code;
  const hubspotMessage = body.message ?? `HTTP ${status}`;
  const details = { status, correlationId: body.correlationId };
  if (status === 429) {
    if (body.policyName === 'DAILY') {
      return new CrmError('CRM.RATE_LIMITED', `${what}: HubSpot's daily API limit is used up (${hubspotMessage})`, false, details);
    }
    return new CrmError('CRM.RATE_LIMITED', `${what}: rate limited by HubSpot (${hubspotMessage})`, true, { ...details, retryAfterMs: retryAfterMs(e.headers, body.policyName) });
  }
  if (status === 401 || status === 403) {
    return new CrmError('CRM.UNAUTHORIZED', `${what}: HubSpot refused the token (${hubspotMessage}); check the access token or reinstall the app`, false, details);
  }
  if (status === 404) return new CrmError('CRM.NOT_FOUND', `${what}: not found (${hubspotMessage})`, false, details);
  if (status === 423) return new CrmError('CRM.UNAVAILABLE', `${what}: locked by HubSpot (${hubspotMessage})`, true, { ...details, retryAfterMs: 2000 });
  if (status >= 500) return new CrmError('CRM.UNAVAILABLE', `${what}: HubSpot error ${status} (${hubspotMessage})`, true, details);
  return new CrmError('CRM.VALIDATION', `${what}: HubSpot rejected the request (${hubspotMessage})`, false, details);
}
