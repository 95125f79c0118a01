/** Where a portal's backfill stands: it continues after `lastContactId` until `status` is `finished`. */
export interface BackfillCheckpoint {
  portalId: number;
  lastContactId: string | null;
  done: number;
  total: number;
  status: 'running' | 'finished';
  startedAt: number;
  updatedAt: number;
}

export interface BackfillStore {
  getBackfillCheckpoint(portalId: number): Promise<BackfillCheckpoint | null>;
  saveBackfillCheckpoint(checkpoint: BackfillCheckpoint): Promise<void>;
  /** A fresh backfill of the portal (`leadloop backfill --restart`) forgets where the last one stopped. */
  clearBackfillCheckpoint(portalId: number): Promise<void>;
}
