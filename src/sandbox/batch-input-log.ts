import type { ObjectKind } from './sandbox-portal';

/** One input of a batch update or create, as the app sent it (before HubSpot normalised anything). */
export interface BatchInputRecord {
  kind: ObjectKind;
  op: 'update' | 'create';
  id?: string;
  properties: Record<string, string | null>;
}

/**
 * What apps sent to the batch write endpoints, newest last: how a test sees a write that changed nothing (the same
 * due time sent again in another form) which the portal's state and its webhooks cannot show. Keeps the last `cap`.
 */
export function createBatchInputLog(cap = 5_000) {
  const entries: BatchInputRecord[] = [];
  return {
    entries: entries as readonly BatchInputRecord[],
    record(e: BatchInputRecord): void {
      entries.push(e);
      if (entries.length > cap) entries.splice(0, entries.length - cap);
    },
  };
}
export type BatchInputLog = ReturnType<typeof createBatchInputLog>;
