import { createHmac, timingSafeEqual } from 'node:crypto';

/** Who a request is: the operator (admin token), or a HubSpot user of one portal. */
export type Reader = { kind: 'admin' } | { kind: 'portal'; portalId: number };

export const SESSION_COOKIE = 'leadloop_session';
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/**
 * Sessions are signed, not stored: `payload.mac`, the payload naming the reader and an expiry. The key is derived
 * from the admin token, so rotating the token signs everyone out; nothing to keep across restarts.
 */
export function createSessions(adminToken: string, now: () => number) {
  const key = createHmac('sha256', adminToken).update('leadloop session').digest();
  const mac = (payload: string) => createHmac('sha256', key).update(payload).digest('base64url');
  return {
    issue(reader: Reader): { value: string; maxAgeMs: number } {
      const payload = Buffer.from(JSON.stringify({ ...reader, e: now() + SESSION_TTL_MS })).toString('base64url');
      return { value: `${payload}.${mac(payload)}`, maxAgeMs: SESSION_TTL_MS };
    },
    /** The reader a cookie value names, or null (unsigned, tampered, expired or malformed). */
    read(value: string | undefined): Reader | null {
      const [payload, given] = (value ?? '').split('.');
      if (!payload || !given) return null;
      const expected = Buffer.from(mac(payload));
      const got = Buffer.from(given);
      if (expected.length !== got.length || !timingSafeEqual(expected, got)) return null;
      try {
        const p = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { kind?: unknown; portalId?: unknown; e?: unknown };
        if (typeof p.e !== 'number' || now() >= p.e) return null;
        if (p.kind === 'admin') return { kind: 'admin' };
        if (p.kind === 'portal' && typeof p.portalId === 'number') return { kind: 'portal', portalId: p.portalId };
      } catch {
        /* malformed: no session */
      }
      return null;
    },
  };
}
export type Sessions = ReturnType<typeof createSessions>;

/** One cookie's value from a `Cookie` header (no library: one name, no attributes to parse). */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
