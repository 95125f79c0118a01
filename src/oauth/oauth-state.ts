import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** The OAuth `state`: a nonce and an expiry, signed; the nonce is also stored so a state works once. */
export interface OAuthState {
  nonce: string;
  expiresAt: number;
}

export const STATE_TTL_MS = 10 * 60 * 1000;

export function signState(secret: Buffer, now: number): { state: string; nonce: string; expiresAt: number } {
  const nonce = randomBytes(16).toString('base64url');
  const expiresAt = now + STATE_TTL_MS;
  const payload = Buffer.from(JSON.stringify({ n: nonce, e: expiresAt })).toString('base64url');
  const mac = createHmac('sha256', secret).update(payload).digest('base64url');
  return { state: `${payload}.${mac}`, nonce, expiresAt };
}

export type StateCheck = { ok: true; nonce: string } | { ok: false; reason: 'malformed' | 'bad signature' | 'expired' };

/** Pure: checks the signature (constant time) and the expiry; the caller checks the nonce was not used. */
export function verifyState(secret: Buffer, state: string, now: number): StateCheck {
  const [payload, mac] = state.split('.');
  if (!payload || !mac) return { ok: false, reason: 'malformed' };
  const expected = Buffer.from(createHmac('sha256', secret).update(payload).digest('base64url'));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'bad signature' };
  let parsed: { n?: unknown; e?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { n?: unknown; e?: unknown };
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (typeof parsed.n !== 'string' || typeof parsed.e !== 'number') return { ok: false, reason: 'malformed' };
  if (now > parsed.e) return { ok: false, reason: 'expired' };
  return { ok: true, nonce: parsed.n };
}
