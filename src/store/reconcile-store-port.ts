/** The objects reconciliation reads back from HubSpot. */
export type ReconciledObject = 'contacts' | 'deals';

/** How far reconciliation has read a portal's objects, by modification time (ms); `afterId` inside that instant. */
export interface ReconcileWatermark {
  watermark: number;
  afterId: string | null;
}

/** What reconciliation keeps and asks of the store. */
export interface ReconcileStore {
  /** Null before the portal's first round. */
  reconcileWatermark(portalId: number, object: ReconciledObject): Promise<ReconcileWatermark | null>;
  saveReconcileWatermark(portalId: number, object: ReconciledObject, mark: ReconcileWatermark, now: number): Promise<void>;
  /**
   * The last value leadloop heard for each property of each object, from its stored events (webhooks and earlier
   * reconciliations; newest occurredAt wins): id → property → value. Objects never heard of are absent.
   */
  lastHeardValues(portalId: number, kind: 'contact' | 'deal', ids: readonly string[]): Promise<Map<string, Map<string, string | null>>>;
}
