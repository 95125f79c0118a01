import { HubspotError } from './hubspot-error';

/** One input's failure in HubSpot's batch answer: `context` names the input (its id, or the caller's trace id). */
export interface BatchError {
  status: 'error';
  category: string;
  message: string;
  context: Record<string, string[]>;
  errors?: unknown;
}

/**
 * A batch write HubSpot's way: every input is tried on its own; the good ones are applied even when others fail.
 * All applied: 200/201. Some failed: 207 Multi-Status with `numErrors` and `errors[]` beside the `results[]` of the
 * others (facts §11; the shape of @hubspot/api-client's BatchResponseSimplePublicObjectWithErrors). Every one
 * failed: the first failure answers for the whole request, as a single write's would.
 */
export function runBatch<I extends { objectWriteTraceId?: string | undefined }, R>(
  inputs: readonly I[],
  apply: (input: I) => R,
  idOf: (input: I) => string | undefined = () => undefined,
): { status: 'ok' | 207; results: R[]; errors: BatchError[] } {
  const results: R[] = [];
  const errors: BatchError[] = [];
  let first: HubspotError | null = null;
  for (const input of inputs) {
    try {
      results.push(apply(input));
    } catch (e) {
      if (!(e instanceof HubspotError)) throw e;
      first ??= e;
      const id = idOf(input);
      const context: Record<string, string[]> = {
        ...(id !== undefined ? { ids: [id] } : {}),
        ...(input.objectWriteTraceId !== undefined ? { objectWriteTraceId: [input.objectWriteTraceId] } : {}),
      };
      errors.push({ status: 'error', category: e.category, message: e.message, context, ...(e.extra.errors ? { errors: e.extra.errors } : {}) });
    }
  }
  if (first && results.length === 0) throw first;
  return { status: errors.length > 0 ? 207 : 'ok', results, errors };
}
