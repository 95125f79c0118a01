import { CrmError } from '../crm-error';

/** One entry of `errors[]` in HubSpot's batch answer (StandardError in @hubspot/api-client's models). */
export interface BatchErrorLike {
  category?: string;
  message?: string;
  context?: Record<string, unknown>;
}

const listIn = (context: Record<string, unknown> | undefined, key: string): string[] => {
  const v = context?.[key];
  return Array.isArray(v) ? v.map(String) : [];
};

function toCrmError(what: string, e: BatchErrorLike | undefined): CrmError {
  const message = `${what}: HubSpot refused this input (${e?.message ?? 'no reason given'})`;
  switch (e?.category) {
    case 'OBJECT_NOT_FOUND':
      return new CrmError('CRM.NOT_FOUND', message, false);
    case 'VALIDATION_ERROR':
    case 'CONFLICT':
      return new CrmError('CRM.VALIDATION', message, false);
    case 'RATE_LIMITS':
      return new CrmError('CRM.RATE_LIMITED', message, true);
    default:
      // Unknown to us: a later attempt may succeed; the worker parks it after its attempts.
      return new CrmError('CRM.UNAVAILABLE', message, true);
  }
}

/**
 * The inputs a batch write did not apply, by trace id. @hubspot/api-client returns HubSpot's 207 Multi-Status body
 * without throwing, so a partial failure looks like success unless `errors[]` is read: each error names its inputs
 * by the `objectWriteTraceId` leadloop sent (or, for OBJECT_NOT_FOUND on updates, by `ids`). An input no error names
 * that is also missing from `results` counts as failed too: nothing is taken as written that HubSpot did not return.
 * https://developers.hubspot.com/docs/api-reference/error-handling (multi-status), facts §11.
 */
export function batchFailures(what: string, traceIds: readonly string[], returned: ReadonlySet<string>, errors: readonly BatchErrorLike[] | undefined): Map<string, CrmError> {
  const failed = new Map<string, CrmError>();
  if (!errors || errors.length === 0) return failed;
  for (const e of errors) for (const id of [...listIn(e.context, 'objectWriteTraceId'), ...listIn(e.context, 'ids')]) if (traceIds.includes(id)) failed.set(id, toCrmError(what, e));
  const unnamed = errors.filter((e) => listIn(e.context, 'objectWriteTraceId').length + listIn(e.context, 'ids').length === 0);
  for (const id of traceIds) if (!failed.has(id) && !returned.has(id)) failed.set(id, toCrmError(what, unnamed.length === 1 ? unnamed[0] : { message: errors.map((e) => e.message).join('; ') }));
  return failed;
}
