/** An installed portal, tokens still sealed. */
export interface PortalRecord {
  portalId: number;
  sealedAccessToken: string | null;
  sealedRefreshToken: string | null;
  expiresAt: number;
  scopes: string[];
  status: 'active' | 'uninstalled';
  installedAt: number;
}

export interface PortalStore {
  savePortal(record: Omit<PortalRecord, 'installedAt'>, now: number): Promise<void>;
  getPortal(portalId: number): Promise<PortalRecord | null>;
  listPortals(): Promise<PortalRecord[]>;
  /** The app was uninstalled or revoked: tokens deleted, queued events parked as dead letters with `reason`. */
  endPortal(portalId: number, reason: string, now: number): Promise<void>;
  /** Everything leadloop holds for the portal, the portal row included. */
  purgePortal(portalId: number): Promise<void>;
  rememberNonce(nonce: string, expiresAt: number): Promise<void>;
  /** True the first time only: a state is good once. */
  useNonce(nonce: string, now: number): Promise<boolean>;
}
